"""The dispatcher: claim due occurrences exactly once, compose what is sent, send it, record it."""

from core.dispatch.dispatcher import Dispatcher
from core.dispatch.policy import DispatchPolicy, SendLimits, TickReport

__all__ = ["DispatchPolicy", "Dispatcher", "SendLimits", "TickReport"]
