using Sweep.Coordinator.Cli;

return await SweepCommandLine.RunAsync(args);
