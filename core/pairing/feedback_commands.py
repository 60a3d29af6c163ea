"""Feedback between partners after "We met": each interviewer is invited by direct message,
picks the question they asked, ticks what the partner covered and may add a note; the partner
receives it by direct message, and it becomes a review of their card, graded by a peer, unless
they grade it themselves, which wins."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from core.commands.context import ActionRoute, CommandContext
from core.content.models import PracticeQuestion
from core.kernel.errors import UsageError
from core.kernel.identity import Caller, UserKey
from core.kernel.reply import Form, Reply, answers
from core.pairing.feedback import FormRef, PeerFeedback, interviewee_of, points_ticked
from core.pairing.feedback_replies import (
    NOTE,
    NOTE_FORM,
    OWN,
    PICK,
    SEND,
    TICKS,
    invitation,
    note_step,
    received,
    sent,
    tick_form,
)
from core.pairing.replies import questions_to_ask
from core.pairing.week import FORGOTTEN, PairGroup
from core.practice.aim_commands import aim_of
from core.practice.deadline import Aim
from core.practice.grading import OtherGrade, graded_reply
from core.practice.recording import Graded, grade_card
from core.practice.srs import Card, Grade, GradedBy, grade_for, new_card


class PeerFeedbackCommands:
    def __init__(self, context: CommandContext) -> None:
        self.context = context
        self.actions: dict[str, ActionRoute] = {
            PICK: self.pick,
            TICKS: self.ticks,
            NOTE: self.note,
            SEND: self.send,
            OWN: self.own,
        }
        self.forms: dict[str, Form] = {NOTE: NOTE_FORM}

    async def invite(
        self, group: PairGroup, roles: Mapping[str, str | None], caller: Caller
    ) -> None:
        """Each interviewer's invitation, once per group: the questions their message named
        for the partner they interviewed."""
        bank = await self.context.library.bank(caller.platform, caller.workspace)
        asked = questions_to_ask(group, roles, bank.served, f"{group.id}")
        for interviewer in group.members:
            partner = interviewee_of(group.members, interviewer)
            if interviewer == FORGOTTEN or partner is None or not asked.get(partner):
                continue
            reply = invitation(group.id, partner, asked[partner])
            await self.context.notices.tell(
                caller, interviewer, reply, key=f"peer-{group.id}-{interviewer}"
            )

    async def pick(self, payload: str, caller: Caller) -> Reply:
        ref = FormRef.load(payload)
        _, partner, question = await self._form(ref, caller)
        return tick_form(ref, question, partner)

    async def ticks(self, payload: str, caller: Caller) -> Reply:
        head, _, numbers = payload.rpartition("|")
        ref = FormRef.load(head)
        _, partner, question = await self._form(ref, caller)
        points = points_ticked(numbers, len(question.rubric))
        ticked = ",".join(str(n) for n, on in enumerate(points, 1) if on)
        return note_step(ref, ticked, sum(points), len(points), partner)

    async def note(self, payload: str, caller: Caller) -> Reply:
        head, _, text = payload.partition("\n")
        note = answers(text, 1)[0].strip()
        return await self._give(head, note or None, caller)

    async def send(self, payload: str, caller: Caller) -> Reply:
        return await self._give(payload.partition("\n")[0], None, caller)

    async def own(self, payload: str, caller: Caller) -> Reply:
        """The member's own grade in place of their partner's."""
        number, _, grade_text = payload.partition(":")
        store = self.context.peer_feedback
        feedback = await store.feedback(int(number)) if number.isdecimal() else None
        if feedback is None or feedback.interviewee != caller.key or grade_text not in "1234":
            raise UsageError("That button is not for you any more.", "Try `/practice`.")
        question = await self._question(feedback.question_id, caller)
        now = self.context.clock()
        aim, cards = await self._member(caller.key)
        before = feedback.card_before or new_card(question.id, question.category.value, now)
        other = OtherGrade(GradedBy.PEER, Grade(feedback.grade))
        graded = grade_card(
            cards, question, Grade(int(grade_text)), now, aim, before=before, other=other
        )
        if feedback.seq is None or not await store.replace(feedback, graded.card, graded.entry):
            raise UsageError(
                "You have graded that answer since, so that grade stands.",
                "Practise it again with `/practice`.",
            )
        return graded_reply(graded.card, graded.entry.grade, now, aim.zone, again=False, aim=aim)

    async def _give(self, head: str, note: str | None, caller: Caller) -> Reply:
        ref_text, _, numbers = head.rpartition("|")
        ref = FormRef.load(ref_text)
        group, partner, question = await self._form(ref, caller)
        points = points_ticked(numbers, len(question.rubric))
        grade = grade_for(sum(points), len(points))
        key = UserKey(caller.platform, caller.workspace, partner)
        now = self.context.clock()
        own_seq = await self._own_review_since(key, question.id, group)
        aim, cards = await self._member(key)
        graded: Graded | None = None
        if own_seq is None:
            covered, total = sum(points), len(points)
            graded = grade_card(
                cards, question, grade, now, aim, covered=covered, total=total, by=GradedBy.PEER
            )
        before = next((c for c in cards if c.question_id == question.id), None)
        feedback = PeerFeedback(
            interviewee=key,
            group_id=group.id,
            interviewer=caller.user,
            question_id=question.id,
            points=points,
            note=note,
            grade=int(grade),
            seq=graded.entry.seq if graded else None,
            card_before=before if graded else None,
        )
        given = await self.context.peer_feedback.give(
            feedback, now, (graded.card, graded.entry) if graded else None, own_seq
        )
        if given is None:
            return sent(partner, delivered=False, again=True)
        comes_back = f"{graded.card.due.astimezone(aim.zone):%a %d %b}" if graded else None
        message = received(_with_id(feedback, given), question, comes_back)
        delivered = await self.context.notices.tell(caller, partner, message, f"peer-fb-{given}")
        return sent(partner, delivered, again=False)

    async def _member(self, key: UserKey) -> tuple[Aim, list[Card]]:
        """The member's aim (their zone, interview and daily limit) and their cards."""
        profile = await self.context.users.user(key)
        zone = await self.context.zone_of(key)
        return aim_of(profile, zone), await self.context.cards.cards(key)

    async def _own_review_since(
        self, key: UserKey, question_id: str, group: PairGroup
    ) -> int | None:
        """The member's latest own review of the question since the pairing, if any."""
        reviews = await self.context.cards.reviews(key)
        own = [
            r
            for r in reviews
            if r.question_id == question_id
            and r.local_date >= group.local_date
            and r.graded_by is not GradedBy.PEER
        ]
        return own[-1].seq if own else None

    async def _form(self, ref: FormRef, caller: Caller) -> tuple[PairGroup, str, PracticeQuestion]:
        """The group, the partner the caller interviewed, and the question of this form."""
        group = await self.context.pairs.group(ref.group_id)
        partner = interviewee_of(group.members, caller.user) if group else None
        if group is None or partner is None:
            raise UsageError(
                "That form is not for a group you are in, or your partner has left.",
                "Nothing to send.",
            )
        return group, partner, await self._question(ref.question_id, caller)

    async def _question(self, question_id: str, caller: Caller) -> PracticeQuestion:
        bank = await self.context.library.bank(caller.platform, caller.workspace)
        question = bank.get(question_id)
        if question is None:
            raise UsageError("That question is no longer in the bank.", "Nothing to send.")
        return question


def _with_id(feedback: PeerFeedback, given: int) -> PeerFeedback:
    return replace(feedback, id=given)
