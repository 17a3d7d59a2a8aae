using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sweep.Orchestration.Sweeps;

/// <summary>
/// YamlDotNet's parser, refusing a second document and nesting deeper than
/// <see cref="SweepFileLimits.MaxDepth"/> as the events go by: the tree built from these events
/// recurses once per level, so it never gets deeper than the limit, and the text is read once.
/// </summary>
internal sealed class ShapeCheckingParser(string yaml, string file) : IParser
{
    private readonly Parser _parser = new(new StringReader(yaml));
    private int _depth;
    private int _documents;

    public ParsingEvent? Current => _parser.Current;

    public bool MoveNext()
    {
        if (!_parser.MoveNext()) return false;
        var at = _parser.Current!.Start;
        switch (_parser.Current)
        {
            case DocumentStart when ++_documents > 1:
                throw new SweepFileException(file, at.Line, at.Column, "a second YAML document; a sweep file is one document.");
            case MappingStart or SequenceStart when ++_depth > SweepFileLimits.MaxDepth:
                throw new SweepFileException(file, at.Line, at.Column, $"nested more than {SweepFileLimits.MaxDepth} levels deep.");
            case MappingEnd or SequenceEnd:
                _depth--;
                break;
        }

        return true;
    }
}
