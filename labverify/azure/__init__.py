"""Azure access: credentials, SDK clients and the cached reads the checks use."""
