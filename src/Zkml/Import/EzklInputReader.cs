using System.Text.Json;
using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Import;

/// <summary>
/// Reads EZKL's input.json: <c>{"input_data": [[x, …], …]}</c>, one flattened array of reals per model input.
/// </summary>
public static class EzklInputReader
{
    public static IReadOnlyList<float[]> Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new ModelFormatException($"input file '{path}': {e.Message}", e); }
        return Parse(text, path);
    }

    public static IReadOnlyList<float[]> Parse(string json, string source = "input.json")
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("input_data", out var data) || data.ValueKind != JsonValueKind.Array)
                throw new ModelFormatException($"input file '{source}': no \"input_data\" array");
            var result = new List<float[]>();
            foreach (var input in data.EnumerateArray())
            {
                if (input.ValueKind != JsonValueKind.Array) throw new ModelFormatException($"input file '{source}': input {result.Count} is not an array of numbers");
                var values = new float[input.GetArrayLength()];
                int i = 0;
                foreach (var x in input.EnumerateArray())
                {
                    if (x.ValueKind != JsonValueKind.Number) throw new ModelFormatException($"input file '{source}': input {result.Count} element {i} is not a number");
                    values[i++] = (float)x.GetDouble();
                }
                result.Add(values);
            }
            return result;
        }
        catch (JsonException e) { throw new ModelFormatException($"input file '{source}': {e.Message}", e); }
    }

    public static void Save(string path, IReadOnlyList<float[]> inputs) =>
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, IReadOnlyList<float[]>> { ["input_data"] = inputs }));
}
