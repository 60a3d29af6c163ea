"""The grader client: feedback on an answer from an OpenAI-compatible chat-completions endpoint."""

from bot.grader.client import GraderConfig, OpenAIGrader

__all__ = ["GraderConfig", "OpenAIGrader"]
