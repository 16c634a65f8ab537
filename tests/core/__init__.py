"""Unit tests of the core, one module per core module, without Flask and on the simulated clock
(a package, so a module here may share its name with an HTTP-level test elsewhere)."""
