using System.Reflection;
using NetArchTest.Rules;
using Sweep.Cluster.Protocol;
using Sweep.Orchestration.Coordination;
using Sweep.Reporting;
using Sweep.Store;
using Sweep.Training.Specs;

namespace Sweep.Tests.Architecture;

/// <summary>
/// One direction of dependency: Training ← Cluster, Store ← Reporting ← Orchestration ← Web ← the
/// sweep and sweep-node executables; benchmarks beside them, never inside. Only Web serves HTTP,
/// and it reads no database. Each rule names what a layer
/// must not see; a type that breaks one is named in the failure.
/// </summary>
public sealed class DependencyTests
{
    private static readonly Assembly Training = typeof(TrialSpec).Assembly;
    private static readonly Assembly Cluster = typeof(ProtocolSerializer).Assembly;
    private static readonly Assembly Store = typeof(SweepStore).Assembly;
    private static readonly Assembly Reporting = typeof(SweepReport).Assembly;
    private static readonly Assembly Orchestration = typeof(SweepCoordinator).Assembly;
    private static readonly Assembly Web = typeof(Sweep.Web.DashboardServer).Assembly;
    private static readonly Assembly SweepCli = typeof(Sweep.Coordinator.Cli.SweepCommandLine).Assembly;

    public static TheoryData<string, string[]> Layers => new()
    {
        { "Sweep.Training", ["Akka", "LiteDB", "Serilog", "Spectre", "System.CommandLine", "ScottPlot", "Sweep.Cluster", "Sweep.Store", "Sweep.Reporting", "Sweep.Orchestration", "Microsoft.AspNetCore", "Sweep.Web", "Sweep.Coordinator", "Sweep.Bench"] },
        { "Sweep.Cluster", ["LiteDB", "Spectre", "ScottPlot", "Sweep.Store", "Sweep.Reporting", "Sweep.Orchestration", "Microsoft.AspNetCore", "Sweep.Web", "Sweep.Coordinator", "Sweep.Bench"] },
        { "Sweep.Store", ["Akka", "Spectre", "ScottPlot", "System.CommandLine", "Sweep.Cluster", "Sweep.Reporting", "Sweep.Orchestration", "Microsoft.AspNetCore", "Sweep.Web", "Sweep.Coordinator", "Sweep.Bench"] },
        { "Sweep.Reporting", ["Akka", "Spectre", "System.CommandLine", "Sweep.Cluster", "Sweep.Orchestration", "Microsoft.AspNetCore", "Sweep.Web", "Sweep.Coordinator", "Sweep.Bench"] },
        { "Sweep.Orchestration", ["System.CommandLine", "Microsoft.AspNetCore", "Prometheus", "Sweep.Web", "Sweep.Coordinator", "Sweep.Bench"] },
        { "Sweep.Web", ["System.CommandLine", "Spectre", "LiteDB", "Sweep.Store.SweepStore", "Sweep.Coordinator", "Sweep.Bench"] },
        { "sweep", ["Sweep.Bench"] },
    };

    [Theory]
    [MemberData(nameof(Layers))]
    public void A_layer_sees_nothing_above_it(string layer, string[] forbidden)
    {
        var assembly = layer switch
        {
            "Sweep.Training" => Training, "Sweep.Cluster" => Cluster, "Sweep.Store" => Store, "Sweep.Reporting" => Reporting,
            "Sweep.Orchestration" => Orchestration, "Sweep.Web" => Web, _ => SweepCli,
        };

        var result = Types.InAssembly(assembly).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{layer} uses what it must not ({string.Join(", ", forbidden)}): {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_check_sees_the_dependencies_that_are_allowed()
    {
        Assert.False(Types.InAssembly(Orchestration).ShouldNot().HaveDependencyOn("Sweep.Reporting").GetResult().IsSuccessful);
        Assert.False(Types.InAssembly(Cluster).ShouldNot().HaveDependencyOn("Akka.Cluster.Sharding").GetResult().IsSuccessful);
        Assert.False(Types.InAssembly(Reporting).ShouldNot().HaveDependencyOn("Sweep.Store").GetResult().IsSuccessful);
    }

    [Fact]
    public void Within_reporting_the_model_and_exports_know_no_pictures_and_pictures_know_no_html()
    {
        var model = Types.InAssembly(Reporting).That().ResideInNamespace("Sweep.Reporting").And().DoNotResideInNamespaceStartingWith("Sweep.Reporting.")
            .ShouldNot().HaveDependencyOnAny("Sweep.Reporting.Pictures", "Sweep.Reporting.Html").GetResult();
        var pictures = Types.InAssembly(Reporting).That().ResideInNamespaceStartingWith("Sweep.Reporting.Pictures")
            .ShouldNot().HaveDependencyOn("Sweep.Reporting.Html").GetResult();

        Assert.True(model.IsSuccessful, "Sweep.Reporting uses pictures or HTML: " + string.Join(", ", model.FailingTypeNames ?? []));
        Assert.True(pictures.IsSuccessful, "Sweep.Reporting.Pictures uses HTML: " + string.Join(", ", pictures.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_shipped_executables_do_not_reference_the_benchmarks()
    {
        var nodeCli = typeof(Sweep.Node.Cli.NodeCommand).Assembly;
        foreach (var shipped in new[] { SweepCli, nodeCli, Web, Orchestration, Reporting, Store, Cluster, Training })
            Assert.DoesNotContain(shipped.GetReferencedAssemblies(), name => name.Name == "sweep-bench");
    }

    [Fact]
    public void The_coordinators_bookkeeping_uses_no_database_and_no_wall_clock()
    {
        var parts = new[] { typeof(NodeRegistry), typeof(WaitingTrials), typeof(AttemptTracker), typeof(AttemptPayloads), typeof(WriteBehind), typeof(ActiveSweeps) };

        var named = $"^({string.Join("|", parts.Select(t => t.Name))})$";
        var result = Types.InAssembly(Orchestration).That().HaveNameMatching(named)
            .ShouldNot().HaveDependencyOnAny("LiteDB", "Sweep.Store.SweepStore", "System.TimeProvider", "System.Diagnostics.Stopwatch")
            .GetResult();
        // NetArchTest sees types, not calls: the clock's getters are found in the IL.
        using var module = Mono.Cecil.ModuleDefinition.ReadModule(Orchestration.Location);
        var clockReads = module.Types.Where(t => parts.Any(p => p.FullName == t.FullName))
            .SelectMany(t => t.Methods.Where(m => m.HasBody).SelectMany(m => m.Body.Instructions
                .Where(i => i.Operand is Mono.Cecil.MethodReference { Name: "get_UtcNow" or "get_Now" or "get_Today" } called
                            && called.DeclaringType.FullName is "System.DateTime" or "System.DateTimeOffset")
                .Select(_ => $"{t.Name}.{m.Name}")))
            .ToList();

        Assert.Equal(parts.Length, Types.InAssembly(Orchestration).That().HaveNameMatching(named).GetTypes().Count());
        Assert.True(result.IsSuccessful, "uses the database: " + string.Join(", ", result.FailingTypeNames ?? []));
        Assert.Empty(clockReads);
    }

    [Fact]
    public void No_message_between_processes_carries_a_store_record()
    {
        var messages = Types.InAssemblies([Cluster, Orchestration]).That().ImplementInterface(typeof(ISweepMessage));

        var result = messages.ShouldNot().HaveDependencyOnAny("Sweep.Store.TrialRecord", "Sweep.Store.SweepRecord", "Sweep.Store.SweepStore").GetResult();

        Assert.Contains(typeof(TrialChanged), messages.GetTypes());
        Assert.True(result.IsSuccessful, "a message carries a store record: " + string.Join(", ", result.FailingTypeNames ?? []));
    }
}
