"""Practice: choosing questions, FSRS cards, grading an answer against its rubric, progress by
category and its charts; `commands` answers /practice, `store` keeps the cards."""
