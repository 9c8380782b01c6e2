"""Registers labverify's pytest plugin, its fixtures and the lab's step definitions."""

pytest_plugins = [
    "pytester",  # the verifier's own tests run small suites in-process
    "labverify.secrets_guard",
    "labverify.step_lookup",  # before the plugin, which imports it
    "labverify.pytest_plugin",
    "fixtures.lab",
    "steps.common",
    "steps.task1_resource",
    "steps.task2_roles",
    "steps.task3_keys",
    "steps.task4_libraries",
    "steps.task5_environment",
    "steps.task6_dataset",
    "steps.task7_finetune",
    "steps.task8_deploy",
    "steps.task9_chat",
    "steps.task10_cleanup",
    "steps.carry_out",
]
