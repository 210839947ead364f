import IRunCLI

@main extension IRun {}
