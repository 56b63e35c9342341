"""Crash harness: saves through the real data layer, killed with SIGKILL at random moments."""
