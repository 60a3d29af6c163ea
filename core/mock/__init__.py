"""Mock interviews: a role's loop stage by stage, what each stage says, and where a run is kept."""
