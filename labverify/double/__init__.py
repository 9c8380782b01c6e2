"""A local stand-in for Azure: ARM and Azure OpenAI data plane served over HTTPS on loopback
from a declarative world file (see WORLD.md). Import from ``.world`` and ``.server``."""
