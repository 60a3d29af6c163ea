"""Coaching a member to the interview: profile and streak, the study plan, the countdown, the
check-ins and the weekly summary, with their /prep commands."""
