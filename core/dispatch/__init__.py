"""The dispatcher: claim due occurrences exactly once, compose what is sent, send it, record it.

Import from the modules (`core.dispatch.dispatcher`, `core.dispatch.policy`): settings read the
policy's defaults without loading the dispatcher, which a one-off command never runs."""
