using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace Sweep.Tests.Support;

/// <summary>
/// Finds the public members of TorchSharp's assembly that create a <c>Scalar</c> inside themselves
/// (an implicit conversion or <c>ToScalar</c>) and hand it to libtorch without keeping it alive,
/// directly or through other TorchSharp members and the lambdas they pass along (optimiser steps).
/// Read from the IL, so a new TorchSharp version is checked the day it is referenced.
/// </summary>
public static class HiddenScalarMakers
{
    /// <summary>Documentation comment ids (the format of BannedSymbols.txt) of every such member.</summary>
    public static IReadOnlySet<string> In(string assemblyPath)
    {
        using var assembly = AssemblyDefinition.ReadAssembly(assemblyPath);
        var methods = assembly.MainModule.GetTypes().SelectMany(t => t.Methods).Where(m => m.HasBody).ToList();
        var callers = new Dictionary<MethodDefinition, List<MethodDefinition>>();
        var makers = new HashSet<MethodDefinition>();
        foreach (var method in methods)
        {
            foreach (var target in Callees(method))
            {
                if (IsScalarFactory(target))
                {
                    if (!IsScalarFactory(method)) makers.Add(method);
                }
                else if (target.Resolve() is { } callee && callee.Module == assembly.MainModule)
                {
                    if (!callers.TryGetValue(callee, out var list)) callers[callee] = list = [];
                    list.Add(method);
                }
            }
        }

        // Every caller of a maker makes one too.
        var pending = new Queue<MethodDefinition>(makers);
        while (pending.TryDequeue(out var maker))
            foreach (var caller in callers.GetValueOrDefault(maker, []))
                if (makers.Add(caller)) pending.Enqueue(caller);

        return makers.Where(IsPublic).Select(m => DocCommentId.GetDocCommentId(m)).ToHashSet();
    }

    private static IEnumerable<MethodReference> Callees(MethodDefinition method) =>
        method.Body.Instructions
            .Where(i => i.OpCode == OpCodes.Call || i.OpCode == OpCodes.Callvirt || i.OpCode == OpCodes.Newobj || i.OpCode == OpCodes.Ldftn)
            .Select(i => i.Operand).OfType<MethodReference>();

    private static bool IsScalarFactory(MethodReference method) =>
        method.DeclaringType.FullName is "TorchSharp.Scalar" && method.Name == "op_Implicit"
        || method.DeclaringType.FullName is "TorchSharp.ScalarExtensionMethods" && method.Name == "ToScalar";

    private static bool IsPublic(MethodDefinition method)
    {
        if (!method.IsPublic) return false;
        for (var type = method.DeclaringType; type is not null; type = type.DeclaringType)
            if (!(type.IsPublic || type.IsNestedPublic)) return false;
        return true;
    }
}
