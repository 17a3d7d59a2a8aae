using Sweep.Bench;
using Sweep.Training.Running;

_ = AllocatorTuning.KeepLargeBuffers();
return await BenchCommand.RunAsync(args);
