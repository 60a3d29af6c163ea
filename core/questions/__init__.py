"""A group's own practice questions: suggested, moderated, stored per workspace and served
beside the shipped bank."""
