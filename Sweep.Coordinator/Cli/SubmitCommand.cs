using System.CommandLine;
using Sweep.Cluster.Hosting;

namespace Sweep.Coordinator.Cli;

/// <summary><c>sweep submit FILE --to HOST:PORT</c>: hands a sweep to a running coordinator and returns once it is accepted (<c>--follow</c>: stays to its table).</summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "A sweep file (YAML)." };
        var cluster = new ClusterCommandOptions(defaultBind: "127.0.0.1:0", seedOption: "--to");
        var follow = new Option<bool>("--follow") { Description = "Stay and show the sweep's progress and table, as 'sweep run FILE --cluster' does." };
        var extend = new Option<bool>("--extend") { Description = "The sweep's grid changed: keep its completed results and add the new trials." };
        var command = new Command("submit", "Hand a sweep to a running cluster's coordinator.") { file, follow, extend };
        foreach (var option in cluster.All) command.Add(option);

        command.SetAction(async (parse, cancellation) =>
        {
            var path = parse.GetValue(file)!;
            RunCommand.Read(path);   // bad files stop here, before any connection
            var options = cluster.Resolve(cluster.Settings(parse));
            if (options.Seeds.Count == 0) throw new UsageException($"{cluster.Seed.Name}: required: HOST:PORT of the coordinator.");
            return await ClusterSweep.RunAsync(
                new ClusterSweep.Request(path, File.ReadAllText(path), parse.GetValue(extend), options, parse.GetValue(follow)), cancellation);
        });
        return command;
    }
}
