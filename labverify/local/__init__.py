"""What tasks 4-6 look at on the student's own machine, read live or from a recorded session."""
