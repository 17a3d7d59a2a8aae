using Sweep.Node.Cli;
using Sweep.Training.Running;

_ = AllocatorTuning.KeepLargeBuffers();
return await NodeCommand.RunAsync(args);
