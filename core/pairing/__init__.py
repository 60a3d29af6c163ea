"""Weekly peer pairing: who meets whom, what the week says, the /prep pair commands and the
tables that remember each week."""
