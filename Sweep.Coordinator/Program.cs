using Sweep.Coordinator.Cli;
using Sweep.Training.Running;

_ = AllocatorTuning.KeepLargeBuffers();
return await SweepCommandLine.RunAsync(args);
