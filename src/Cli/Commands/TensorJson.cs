using System.Text.Json;
using ZkmlGpu.Field;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// The JSON form of tensors that `run` prints and the proof directory holds: {"KEY":[{"name","shape","scale",
/// "quantized","values"[,"float"]}, …]} with values = quantized / 2^scale and float the float model's output. One
/// writer, and the strict reader the verifier uses. A hashed tensor (<see cref="Visibility.Hashed"/>) is
/// {"name","shape","scale","hash"} instead, hash its <see cref="TensorHash"/> in <see cref="FieldHex"/> form.
/// </summary>
internal static class TensorJson
{
    /// <summary>The tensors <paramref name="edges"/> under <paramref name="key"/>; <paramref name="reference"/>, when given, holds each one's float values.</summary>
    public static string Write(string key, Activations act, IReadOnlyList<string> edges, double[][]? reference, ModelPublicInputs? hashes = null) => ModelCli.Json(w =>
    {
        w.WriteStartObject();
        w.WriteStartArray(key);
        for (int o = 0; o < edges.Count; o++)
        {
            string name = edges[o];
            w.WriteStartObject();
            if (hashes?.IsHashed(name) == true)
            {
                w.WriteString("name", name);
                ModelCli.WriteShape(w, "shape", act[name].Shape);
                w.WriteNumber("scale", act.Graph[name].Scale ?? 0);
                w.WriteString("hash", FieldHex.Of(TensorHash.Of(act[name].Data)));
                w.WriteEndObject();
                continue;
            }
            WriteTensor(w, act, name);
            w.WriteStartArray("values");
            foreach (double v in act.Dequantize(name)) w.WriteNumberValue(v);
            w.WriteEndArray();
            if (reference is not null)
            {
                w.WriteStartArray("float");
                foreach (double v in reference[o]) w.WriteNumberValue(v);
                w.WriteEndArray();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>The fields every printed tensor has: name, shape, scale and the quantized values.</summary>
    public static void WriteTensor(Utf8JsonWriter w, Activations act, string name)
    {
        var t = act[name];
        w.WriteString("name", name);
        ModelCli.WriteShape(w, "shape", t.Shape);
        w.WriteNumber("scale", act.Graph[name].Scale ?? 0);
        w.WriteStartArray("quantized");
        foreach (long v in t.Data) w.WriteNumberValue(v);
        w.WriteEndArray();
    }

    /// <summary>
    /// Reads exactly the tensors <paramref name="edges"/>, in order, under <paramref name="key"/>, checking every field
    /// against the model: name, shape, scale, the number of quantized values, and values = quantized / 2^scale. A
    /// "float" field or any other is refused, since nothing in it is proven. Throws <see cref="TensorJsonException"/>
    /// saying what differs.
    /// </summary>
    public static Dictionary<string, long[]> Read(string json, string key, QuantizedModel model, IReadOnlyList<string> edges) =>
        ReadEach(json, key, edges, (t, edge) => Values(t, edge, model));

    /// <summary>
    /// Each tensor's elements in its instance column (<see cref="ModelPublicInputs.Elements"/>): a public tensor's
    /// values, checked as <see cref="Read"/> does; a hashed tensor's hash, with its name, shape and scale checked.
    /// </summary>
    public static Dictionary<string, Fr[]> ReadInstance(string json, string key, QuantizedModel model, ModelPublicInputs layout, IReadOnlyList<string> edges) =>
        ReadEach(json, key, edges, (t, edge) => layout.IsHashed(edge) ? [Hash(t, edge, model)] : layout.Elements(edge, Values(t, edge, model)));

    private static Fr Hash(JsonElement t, string edge, QuantizedModel model)
    {
        foreach (var p in t.EnumerateObject())
            if (p.Name is not ("name" or "shape" or "scale" or "hash"))
                throw new TensorJsonException($"hashed tensor '{edge}': field \"{p.Name}\" is not part of the proven statement");
        CheckShapeAndScale(t, edge, model);
        string? text = t.TryGetProperty("hash", out var h) && h.ValueKind == JsonValueKind.String ? h.GetString() : null;
        return FieldHex.Parse(text) ?? throw new TensorJsonException($"hashed tensor '{edge}': \"hash\" is not a 0x-prefixed 64-digit field element");
    }

    private static Dictionary<string, T> ReadEach<T>(string json, string key, IReadOnlyList<string> edges, Func<JsonElement, string, T> read)
    {
        using var doc = JsonDocument.Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty(key, out var list) || list.ValueKind != JsonValueKind.Array)
            throw new TensorJsonException($"no \"{key}\" array");
        if (list.GetArrayLength() != edges.Count) throw new TensorJsonException($"{list.GetArrayLength()} tensors where the model has {edges.Count} public ones");
        var result = new Dictionary<string, T>();
        int i = 0;
        foreach (var t in list.EnumerateArray())
        {
            string edge = edges[i++];
            if (t.ValueKind != JsonValueKind.Object) throw new TensorJsonException($"tensor {i - 1} is not an object");
            string? name = t.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            if (name != edge) throw new TensorJsonException($"tensor {i - 1} is '{name}', the model's is '{edge}'");
            result[edge] = read(t, edge);
        }
        return result;
    }

    private static void CheckShapeAndScale(JsonElement t, string edge, QuantizedModel model)
    {
        var g = model.Graph;
        int[] shape = Numbers(t, "shape", edge).Select(e => e.TryGetInt32(out int d) ? d : -1).ToArray();
        if (!shape.SequenceEqual(g[edge].Shape.Dims)) throw new TensorJsonException($"tensor '{edge}' has shape [{string.Join(",", shape)}], the model's is [{string.Join(",", g[edge].Shape.Dims.ToArray())}]");
        int scale = model.ScaleOf(edge);
        if (!t.TryGetProperty("scale", out var s) || !s.TryGetInt32(out int fileScale) || fileScale != scale)
            throw new TensorJsonException($"tensor '{edge}' has scale {(t.TryGetProperty("scale", out var s2) ? s2.GetRawText() : "none")}, the model's is {scale}");
    }

    private static long[] Values(JsonElement t, string edge, QuantizedModel model)
    {
        foreach (var p in t.EnumerateObject())
        if (p.Name is not ("name" or "shape" or "scale" or "quantized" or "values"))
            throw new TensorJsonException($"tensor '{edge}': field \"{p.Name}\" is not part of the proven statement");
        CheckShapeAndScale(t, edge, model);
        var g = model.Graph;
        int scale = model.ScaleOf(edge);
        long[] q = Numbers(t, "quantized", edge).Select(e => e.TryGetInt64(out long v) ? v : throw new TensorJsonException($"tensor '{edge}': quantized value {e.GetRawText()} is not an integer")).ToArray();
        if (q.Length != g[edge].Shape.Size) throw new TensorJsonException($"tensor '{edge}' has {q.Length} quantized values, the model's edge {g[edge].Shape.Size}");
        if (t.TryGetProperty("values", out _))
        {
            var values = Numbers(t, "values", edge).Select(e => e.TryGetDouble(out double v) ? v : double.NaN).ToArray();
            if (values.Length != q.Length) throw new TensorJsonException($"tensor '{edge}' has {values.Length} values for {q.Length} quantized ones");
            for (int j = 0; j < q.Length; j++)
                if (values[j] != FixedPoint.Dequantize(q[j], scale))
                    throw new TensorJsonException($"tensor '{edge}' element {j}: value {values[j]} is not quantized {q[j]} / 2^{scale}");
        }
        return q;
    }

    private static JsonElement[] Numbers(JsonElement t, string field, string edge) =>
        t.TryGetProperty(field, out var a) && a.ValueKind == JsonValueKind.Array && a.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number)
            ? a.EnumerateArray().ToArray()
            : throw new TensorJsonException($"tensor '{edge}': \"{field}\" is not an array of numbers");
}
