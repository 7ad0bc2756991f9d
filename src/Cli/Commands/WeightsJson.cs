using System.Text.Json;
using ZkmlGpu.Zkml.Circuits;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>
/// weights.json of a proof directory under hashed weights: {"weights":[{"name","shape","hash"}, …]} in instance
/// column "weights"' order. Informative only: the verifier recomputes the hashes from the model file and reports a
/// directory whose copy differs, never putting the copy in the instance.
/// </summary>
internal static class WeightsJson
{
    public const string File = "weights.json";

    public static string Write(QuantizedModel model, ModelPublicInputs layout) => ModelCli.Json(w =>
    {
        var hashes = layout.WeightHashes();
        w.WriteStartObject();
        w.WriteStartArray("weights");
        for (int i = 0; i < hashes.Length; i++)
        {
            string name = layout.Weights[i];
            w.WriteStartObject();
            w.WriteString("name", name);
            ModelCli.WriteShape(w, "shape", model.Graph.FixedConstants[name].Shape);
            w.WriteString("hash", FieldHex.Of(hashes[i]));
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// Why the directory's weights.json at <paramref name="path"/> does not list the model's weight hashes (null when it
    /// does, or when weights are not hashed).
    /// </summary>
    public static string? Mismatch(string path, ModelPublicInputs layout)
    {
        if (!layout.HashesWeights) return null;
        if (!System.IO.File.Exists(path)) return $"{File} is missing: the settings hash the weights";
        var hashes = layout.WeightHashes();
        try
        {
            using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(path));
            if (!doc.RootElement.TryGetProperty("weights", out var list) || list.ValueKind != JsonValueKind.Array)
                return $"{File} has no \"weights\" array";
            if (list.GetArrayLength() != hashes.Length) return $"{File} lists {list.GetArrayLength()} weight tensors, the model has {hashes.Length}";
            int i = 0;
            foreach (var t in list.EnumerateArray())
            {
                string name = layout.Weights[i];
                string? fileName = t.ValueKind == JsonValueKind.Object && t.TryGetProperty("name", out var n) ? n.GetString() : null;
                string? hash = t.ValueKind == JsonValueKind.Object && t.TryGetProperty("hash", out var h) ? h.GetString() : null;
                if (fileName != name) return $"{File} weight {i} is '{fileName}', the model's is '{name}'";
                if (FieldHex.Parse(hash) is not { } v || v != hashes[i])
                    return $"{File}: weight '{name}' has hash {hash}, the model file gives {FieldHex.Of(hashes[i])}";
                i++;
            }
        }
        catch (JsonException e) { return $"{File} is not JSON: {e.Message}"; }
        catch (InvalidOperationException e) { return $"{File} is malformed: {e.Message}"; }
        return null;
    }
}
