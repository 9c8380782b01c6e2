"""Recording, sanitizing and replaying Azure traffic with vcrpy."""
