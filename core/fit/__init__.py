"""The fit quiz: its questions one at a time and the ranked result; `commands` answers /fit."""
