"""/mock: a role's interview loop stage by stage, each with a question, a time box and the
practice grading; paused, resumed or abandoned; a scorecard at the end."""

from __future__ import annotations

from dataclasses import replace

from core.commands.args import Args
from core.commands.context import ActionRoute, CommandContext, FormCheck, Route
from core.commands.help import usage_hint
from core.content.models import PracticeQuestion, Role
from core.kernel.errors import UsageError
from core.kernel.identity import Caller
from core.kernel.reply import Button, ButtonStyle, Form, Reply, TextSection
from core.kernel.safety import quoted
from core.mock import replies as say
from core.mock.loop import MockRun, find_stage, new_run, start_stage, weakest_stage
from core.practice.grading import (
    ANSWER_FORM,
    GradePress,
    answer_text,
    answered_to,
    reveal_reply,
)
from core.practice.grading_commands import GradingCommands


class MockCommands:
    def __init__(self, context: CommandContext, grading: GradingCommands) -> None:
        self.context = context
        self.grading = grading
        self.content = context.catalog.content
        self.routes: dict[str, Route] = {"mock": self.mock}
        self.actions: dict[str, ActionRoute] = {
            say.PICK: self.pick,
            say.NEXT: self.next_stage,
            say.ANSWER: self.answer,
            say.DONE: self.done,
            say.TICKS: self.ticks,
            say.GRADE: self.grade,
            say.PAUSE: self.pause,
            say.ABANDON: self.abandon,
        }
        self.forms: dict[str, Form] = {say.ANSWER: ANSWER_FORM}
        self.form_checks: dict[str, FormCheck] = {say.ANSWER: self.can_answer}

    async def mock(self, args: Args, caller: Caller) -> Reply:
        if args.keyword == "resume":
            return await self._resume(caller)
        if args.keyword == "pause":
            return await self.pause("", caller)
        if args.keyword == "abandon":
            return await self.abandon("", caller)
        role = args.role()
        assert role is not None  # the spec requires it
        stage = args.text("stage")
        accounts = self._accounts(role, stage.split() if stage else [])
        running = await self.context.mocks.get(caller.key)
        if running is not None:
            return self._in_progress(running)
        if len(accounts) > 1:
            return say.loop_choice(role, self.content.articles, accounts)
        ((loop, only),) = accounts.items()
        return await self._begin(caller, role, loop, only)

    def _accounts(self, role: Role, words: list[str]) -> dict[int, int | None]:
        """The accounts of the loop a mock may follow, each with the stage named in it: all
        of them when no stage is named, else only those that have it, so that a stage of one
        account is never run from another."""
        if not words:
            return dict.fromkeys(range(len(role.interview)))
        found = {i: find_stage(loop, words) for i, loop in enumerate(role.interview)}
        accounts: dict[int, int | None] = {
            i: stage for i, stage in found.items() if stage is not None
        }
        if accounts:
            return accounts
        stages = sorted({s.name for loop in role.interview for s in loop.stages})
        raise UsageError(
            f"{role.id} has no stage {quoted(' '.join(words))}.",
            "Name one by number or by a word of its name: "
            + "; ".join(stages)
            + ". "
            + usage_hint("mock"),
        )

    async def pick(self, payload: str, caller: Caller) -> Reply:
        role_id, loop, only = [*payload.split("|"), "", ""][:3]
        role = self.content.roles.get(role_id)
        if role is None or not loop.isdecimal() or int(loop) >= len(role.interview):
            raise _stale()
        if await self.context.mocks.get(caller.key) is not None:
            return self._in_progress(await self._run(caller))
        stage = int(only) if only.isdecimal() else None
        if stage is not None and stage >= len(role.interview[int(loop)].stages):
            stage = None
        return await self._begin(caller, role, int(loop), stage)

    async def _begin(self, caller: Caller, role: Role, loop: int, only: int | None) -> Reply:
        return await self._start(caller, new_run(role, loop, only))

    async def _start(self, caller: Caller, run: MockRun) -> Reply:
        """The current stage with a fresh question and clock."""
        role = self.content.roles[run.role_id]
        cards = await self.context.cards.cards(caller.key)
        now = self.context.clock()
        bank = await self.context.library.bank(caller.platform, caller.workspace)
        started = start_stage(
            run,
            role,
            bank.served,
            {c.question_id for c in cards},
            now,
            self.context.rng,
        )
        if not await self.context.mocks.save(caller.key, started, now):
            raise _stale()
        return await self._show(caller, started)

    async def _show(self, caller: Caller, run: MockRun) -> Reply:
        role = self.content.roles[run.role_id]
        question = await self._question(run, caller)
        zone = await self.context.zone(caller)
        return say.stage_reply(run, role, question, self.content.articles, zone)

    async def _resume(self, caller: Caller) -> Reply:
        run = await self.context.mocks.get(caller.key)
        if run is None:
            raise UsageError("You have no mock in progress.", usage_hint("mock"))
        stage = run.stage_run
        if run.paused or stage.started_at is None or stage.answered_at is not None:
            if stage.answered_at is not None:
                return await self._reveal(caller, run, None)
            # A paused stage starts over: its clock and question are new.
            return await self._start(caller, replace(run, paused=False))
        return await self._show(caller, run)

    async def next_stage(self, payload: str, caller: Caller) -> Reply:
        run = await self._current(payload, caller)
        if run.paused:
            return await self._resume(caller)
        if run.stage_run.started_at is not None:
            return await self._show(caller, run)
        return await self._start(caller, run)

    async def answer(self, payload: str, caller: Caller) -> Reply:
        run = await self._current(answered_to(payload), caller)  # stale before empty
        _, text = answer_text(payload)
        profile = await self.context.users.user(caller.key)
        question = await self._question(run, caller)
        if profile is not None and profile.keep_answers:
            await self.context.cards.keep_answer(
                caller.key, question.id, text, self.context.clock()
            )
        return await self._answered(caller, run, text)

    async def can_answer(self, payload: str, caller: Caller) -> None:
        """The answer form is for the current stage only: a stage graded since the button
        was made would lose the answer typed."""
        await self._current(payload, caller)

    async def done(self, payload: str, caller: Caller) -> Reply:
        return await self._answered(caller, await self._current(payload, caller), None)

    async def _answered(self, caller: Caller, run: MockRun, text: str | None) -> Reply:
        now = self.context.clock()
        if run.stage_run.answered_at is None:
            timed = run.with_stage(replace(run.stage_run, answered_at=now))
            if await self.context.mocks.save(caller.key, timed, now):
                run = timed
        return await self._reveal(caller, run, text)

    async def _reveal(self, caller: Caller, run: MockRun, text: str | None) -> Reply:
        question = await self._question(run, caller)
        cards = await self.context.cards.cards(caller.key)
        seq = next((c.reps for c in cards if c.question_id == question.id), 0)
        reply = say.for_mock(reveal_reply(question, seq, text, articles=self.content.articles))
        return reply.model_copy(
            update={"sections": (TextSection(text=say.timing_line(run.stage_run)), *reply.sections)}
        )

    async def ticks(self, payload: str, caller: Caller) -> Reply:
        return say.for_mock(await self.grading.ticks(payload, caller))

    async def grade(self, payload: str, caller: Caller) -> Reply:
        press = GradePress.load(payload)
        run = await self._run(caller)
        current = run.stage_run if not run.finished else None
        if current is None or current.question_id != press.ref.question_id:
            raise _stale()
        graded = await self.grading.grade(payload, caller)
        now = self.context.clock()
        result = replace(current, grade=int(press.grade), covered=press.covered, total=press.total)
        after = run.with_stage(result, advance=True)
        if after.finished:
            weak = weakest_stage(after)
            if not await self.context.mocks.finish(
                caller.key, after, weak.category if weak else None
            ):
                raise _stale()
            return say.scorecard(after, self.content.roles[run.role_id])
        if not await self.context.mocks.save(caller.key, after, now):
            raise _stale()
        return graded.model_copy(update={"buttons": say.next_buttons(after)})

    async def pause(self, payload: str, caller: Caller) -> Reply:
        run = await self._current(payload, caller) if payload else await self._run(caller)
        paused = replace(run.with_stage(run.stage_run), paused=True)
        await self.context.mocks.save(caller.key, paused, self.context.clock())
        return Reply(
            title="Mock paused",
            sections=(
                TextSection(
                    text=f"Stopped at stage {run.current + 1} of {len(run.stages)}. "
                    "`/mock resume` picks it up with a fresh clock for the stage."
                ),
            ),
            buttons=(Button(action=say.NEXT, label="Resume", payload=say.ref(run)),),
        )

    async def abandon(self, payload: str, caller: Caller) -> Reply:
        if not await self.context.mocks.remove(caller.key):
            raise UsageError("You have no mock in progress.", usage_hint("mock"))
        return Reply(
            title="Mock abandoned",
            sections=(TextSection(text="The grades you gave are kept on your practice cards."),),
        )

    def _in_progress(self, run: MockRun) -> Reply:
        role = self.content.roles.get(run.role_id)
        name = f"{role.company} {role.title}" if role else run.role_id
        return Reply(
            title="A mock is already in progress",
            sections=(
                TextSection(
                    text=f"{name}: stage {run.current + 1} of {len(run.stages)}. "
                    "Resume it, or abandon it to start another."
                ),
            ),
            buttons=(
                Button(
                    action=say.NEXT, label="Resume", payload=say.ref(run), style=ButtonStyle.PRIMARY
                ),
                Button(action=say.ABANDON, label="Abandon", payload=say.ref(run)),
            ),
        )

    async def _run(self, caller: Caller) -> MockRun:
        run = await self.context.mocks.get(caller.key)
        if run is None:
            raise UsageError("You have no mock in progress.", usage_hint("mock"))
        return run

    async def _current(self, payload: str, caller: Caller) -> MockRun:
        """The member's mock, if the button pressed is for its current stage."""
        run = await self._run(caller)
        if run.finished or payload != say.ref(run):
            raise _stale()
        return run

    async def _question(self, run: MockRun, caller: Caller) -> PracticeQuestion:
        bank = await self.context.library.bank(caller.platform, caller.workspace)
        question = bank.get(run.stage_run.question_id or "")
        if question is None:
            raise UsageError("That question is no longer in the bank.", "Try `/mock abandon`.")
        return question


def _stale() -> UsageError:
    return UsageError("That button is not valid any more.", "`/mock resume` shows where you are.")
