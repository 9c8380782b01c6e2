"""The labverify subcommands, each imported only when it runs."""
