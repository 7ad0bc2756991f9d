using System.Buffers;
using MessagePack;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>
/// Reads zkml's msgpack model and input files (the layout of zkml's `ModelMsgpack` / `TensorMsgpack`).
/// Files are untrusted: every length is checked against the bytes left before anything is allocated,
/// nesting is bounded, and every failure surfaces as <see cref="ModelFormatException"/>.
/// </summary>
public static class ZkmlMsgpackReader
{
    /// <summary>
    /// Largest tensor accepted (elements, 128 MiB as longs), for stored tensors and every computed one (a broadcast
    /// of two small tensors could otherwise ask for gigabytes); a zkml circuit holding 2^24 values per tensor would
    /// already be far past what it proves.
    /// </summary>
    public const long MaxTensorElements = 1L << 24;

    public const int MaxRank = 8;

    private const int MaxSkipDepth = 32;

    public static ZkmlMsgpackModel ReadModel(string path) => ReadModel(File.ReadAllBytes(path));

    public static ZkmlMsgpackModel ReadModel(ReadOnlyMemory<byte> bytes) =>
        Guard(bytes, "zkml model", (ref MessagePackReader r) => ReadModelMap(ref r));

    /// <summary>Reads an input file: a top-level array of tensors (`idx`, `shape`, `data`).</summary>
    public static IReadOnlyList<ZkmlMsgpackTensor> ReadInputs(string path) => ReadInputs(File.ReadAllBytes(path));

    public static IReadOnlyList<ZkmlMsgpackTensor> ReadInputs(ReadOnlyMemory<byte> bytes) =>
        Guard(bytes, "zkml input", (ref MessagePackReader r) =>
        {
            int n = ArrayHeader(ref r, "inputs");
            var list = new List<ZkmlMsgpackTensor>(n);
            for (int i = 0; i < n; i++) list.Add(ReadTensor(ref r));
            return (IReadOnlyList<ZkmlMsgpackTensor>)list;
        });

    private delegate T Body<T>(ref MessagePackReader reader);

    private static T Guard<T>(ReadOnlyMemory<byte> bytes, string what, Body<T> body)
    {
        try
        {
            var reader = new MessagePackReader(bytes);
            var result = body(ref reader);
            if (!reader.End) throw new ModelFormatException($"{what}: {bytes.Length - reader.Consumed} trailing bytes after the document");
            return result;
        }
        catch (ModelFormatException) { throw; }
        catch (Exception e) when (e is MessagePackSerializationException or EndOfStreamException or InvalidOperationException or OverflowException)
        {
            throw new ModelFormatException($"{what}: malformed or truncated msgpack ({FirstLine(e.Message)})");
        }
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();

    private static ZkmlMsgpackModel ReadModelMap(ref MessagePackReader r)
    {
        long? sf = null, k = null, cols = null;
        long[]? inp = null, outp = null;
        List<ZkmlMsgpackLayer>? layers = null;
        List<ZkmlMsgpackTensor>? tensors = null;
        int n = MapHeader(ref r, "model");
        for (int i = 0; i < n; i++)
        {
            switch (Key(ref r))
            {
                case "global_sf": sf = Int(ref r, "global_sf"); break;
                case "k": k = Int(ref r, "k"); break;
                case "num_cols": cols = Int(ref r, "num_cols"); break;
                case "inp_idxes": inp = IntArray(ref r, "inp_idxes"); break;
                case "out_idxes": outp = IntArray(ref r, "out_idxes"); break;
                case "layers":
                    int nl = ArrayHeader(ref r, "layers");
                    layers = new List<ZkmlMsgpackLayer>(nl);
                    for (int j = 0; j < nl; j++) layers.Add(ReadLayer(ref r));
                    break;
                case "tensors":
                    int nt = ArrayHeader(ref r, "tensors");
                    tensors = new List<ZkmlMsgpackTensor>(nt);
                    for (int j = 0; j < nt; j++) tensors.Add(ReadTensor(ref r));
                    break;
                default: Skip(ref r, 0); break; // use_selectors, commit_*, num_random: prover settings only
            }
        }
        if (sf is not { } scale || scale < 1 || scale > 1L << 30) throw Missing("global_sf", sf);
        if (k is not { } kk || kk < 2 || kk > 30) throw Missing("k", k);
        if (cols is not { } c || c < 1 || c > 1 << 16) throw Missing("num_cols", cols);
        return new ZkmlMsgpackModel(scale, (int)kk, (int)c,
            inp ?? throw Missing("inp_idxes", null), outp ?? throw Missing("out_idxes", null),
            layers ?? throw Missing("layers", null), tensors ?? []);
    }

    private static ModelFormatException Missing(string field, long? value) =>
        new(value is null ? $"zkml model: missing field '{field}'" : $"zkml model: '{field}' = {value} is out of range");

    private static ZkmlMsgpackLayer ReadLayer(ref MessagePackReader r)
    {
        string? type = null;
        long[] prm = [], inp = [], outp = [], mask = [];
        int[][] inShapes = [], outShapes = [];
        int n = MapHeader(ref r, "layer");
        for (int i = 0; i < n; i++)
        {
            switch (Key(ref r))
            {
                case "layer_type": type = Str(ref r, "layer_type"); break;
                case "params": prm = IntArray(ref r, "params"); break;
                case "inp_idxes": inp = IntArray(ref r, "inp_idxes"); break;
                case "out_idxes": outp = IntArray(ref r, "out_idxes"); break;
                case "inp_shapes": inShapes = ShapeList(ref r, "inp_shapes"); break;
                case "out_shapes": outShapes = ShapeList(ref r, "out_shapes"); break;
                case "mask": mask = IntArray(ref r, "mask"); break;
                default: Skip(ref r, 0); break;
            }
        }
        if (type is null) throw new ModelFormatException("zkml model: a layer has no 'layer_type'");
        return new ZkmlMsgpackLayer(type, prm, inp, inShapes, outp, outShapes, mask);
    }

    private static ZkmlMsgpackTensor ReadTensor(ref MessagePackReader r)
    {
        long? idx = null;
        int[]? shape = null;
        long[]? data = null;
        int n = MapHeader(ref r, "tensor");
        for (int i = 0; i < n; i++)
        {
            switch (Key(ref r))
            {
                case "idx": idx = Int(ref r, "idx"); break;
                case "shape": shape = Shape(ref r, "shape"); break;
                case "data": data = IntArray(ref r, "data"); break;
                default: Skip(ref r, 0); break;
            }
        }
        if (idx is null || shape is null || data is null)
            throw new ModelFormatException("zkml tensor: needs 'idx', 'shape' and 'data'");
        long count = Elements(shape, $"tensor {idx}");
        if (count != data.Length)
            throw new ModelFormatException($"zkml tensor {idx}: shape [{string.Join(',', shape)}] holds {count} values but 'data' has {data.Length}");
        return new ZkmlMsgpackTensor(idx.Value, shape, data);
    }

    /// <summary>Element count of a shape, rejecting negative dimensions and sizes past <see cref="MaxTensorElements"/>.</summary>
    public static long Elements(IReadOnlyList<int> shape, string what)
    {
        long count = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ModelFormatException($"{what}: negative dimension {d}");
            count *= d;
            if (count > MaxTensorElements) throw new ModelFormatException($"{what}: more than {MaxTensorElements} elements");
        }
        return count;
    }

    private static int[][] ShapeList(ref MessagePackReader r, string field)
    {
        int n = ArrayHeader(ref r, field);
        var list = new int[n][];
        for (int i = 0; i < n; i++) list[i] = Shape(ref r, field);
        return list;
    }

    private static int[] Shape(ref MessagePackReader r, string field)
    {
        long[] dims = IntArray(ref r, field);
        if (dims.Length > MaxRank) throw new ModelFormatException($"zkml model: '{field}' has rank {dims.Length} (at most {MaxRank})");
        var shape = new int[dims.Length];
        for (int i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0 || dims[i] > MaxTensorElements) throw new ModelFormatException($"zkml model: '{field}' has dimension {dims[i]}");
            shape[i] = (int)dims[i];
        }
        return shape;
    }

    private static long[] IntArray(ref MessagePackReader r, string field)
    {
        int n = ArrayHeader(ref r, field);
        var values = new long[n];
        for (int i = 0; i < n; i++) values[i] = Int(ref r, field);
        return values;
    }

    private static long Int(ref MessagePackReader r, string field)
    {
        if (r.NextMessagePackType != MessagePackType.Integer)
            throw new ModelFormatException($"zkml: '{field}' expects integers, found {r.NextMessagePackType}");
        return r.ReadInt64();
    }

    private static string Str(ref MessagePackReader r, string field)
    {
        if (r.NextMessagePackType != MessagePackType.String)
            throw new ModelFormatException($"zkml: '{field}' expects a string, found {r.NextMessagePackType}");
        return r.ReadString() ?? "";
    }

    private static string Key(ref MessagePackReader r) => Str(ref r, "map key");

    /// <summary>Every element takes at least one byte, so a count beyond the bytes left is a lie.</summary>
    private static int ArrayHeader(ref MessagePackReader r, string field)
    {
        if (r.NextMessagePackType != MessagePackType.Array)
            throw new ModelFormatException($"zkml: '{field}' expects an array, found {r.NextMessagePackType}");
        int n = r.ReadArrayHeader();
        CheckCount(ref r, n, 1, field);
        return n;
    }

    private static int MapHeader(ref MessagePackReader r, string field)
    {
        if (r.NextMessagePackType != MessagePackType.Map)
            throw new ModelFormatException($"zkml: '{field}' expects a map, found {r.NextMessagePackType}");
        int n = r.ReadMapHeader();
        CheckCount(ref r, n, 2, field);
        return n;
    }

    private static void CheckCount(ref MessagePackReader r, int n, int minBytesEach, string field)
    {
        long left = r.Sequence.Length - r.Consumed;
        if (n < 0 || (long)n * minBytesEach > left)
            throw new ModelFormatException($"zkml: '{field}' declares {n} entries but only {left} bytes remain");
    }

    /// <summary>Skips an unknown value; bounded depth so hostile nesting cannot exhaust the stack.</summary>
    private static void Skip(ref MessagePackReader r, int depth)
    {
        if (depth > MaxSkipDepth) throw new ModelFormatException("zkml: nesting too deep");
        switch (r.NextMessagePackType)
        {
            case MessagePackType.Array:
                int n = ArrayHeader(ref r, "value");
                for (int i = 0; i < n; i++) Skip(ref r, depth + 1);
                break;
            case MessagePackType.Map:
                int m = MapHeader(ref r, "value");
                for (int i = 0; i < 2 * m; i++) Skip(ref r, depth + 1);
                break;
            default:
                r.Skip();
                break;
        }
    }
}
