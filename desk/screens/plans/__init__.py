"""Emergency plans (应急预案) screens."""
