"""On-call schedules: rotations, layers, overrides, holidays, hand-over and iCal (R6)."""
