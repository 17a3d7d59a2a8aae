using Sweep.Node.Cli;

return await NodeCommand.RunAsync(args);
