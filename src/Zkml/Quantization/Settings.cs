using System.Text.Json;
using System.Text.Json.Serialization;

namespace ZkmlGpu.Zkml.Quantization;

/// <summary>
/// Quantization and circuit-sizing settings, stored as settings.json and read again by the prover. Scales are
/// base-2 logarithms: a real x is held as round(x · 2^scale).
/// </summary>
public sealed class Settings
{
    /// <summary>
    /// Scale of the model inputs. EZKL's default is 7; 12 keeps the shared example models within EZKL's accuracy
    /// gate (inputs of about 0.01 lose most of their digits at scale 7).
    /// </summary>
    public int InputScale { get; set; } = 12;

    /// <summary>Scale of weights and other multiplicative constants.</summary>
    public int ParamScale { get; set; } = 12;

    /// <summary>A product whose scale exceeds InputScale · RebaseMultiplier is rescaled back to InputScale.</summary>
    public int RebaseMultiplier { get; set; } = 1;

    /// <summary>Inclusive range of the inputs of lookup-table ops (the table's domain).</summary>
    public long LookupMin { get; set; } = -(1L << 16);

    public long LookupMax { get; set; } = (1L << 16) - 1;

    /// <summary>
    /// Every activation must satisfy |v| &lt; 2^MaxValueBits. The circuit's range checks cover 48 bits, and comparisons
    /// decompose the difference of two values, so circuits need at most 47.
    /// </summary>
    public int MaxValueBits { get; set; } = 47;

    /// <summary>Number of advice columns the circuit is laid out over.</summary>
    public int NumColumns { get; set; } = 4;

    /// <summary>log2 of the intended number of rows (estimated by <see cref="Quantizer"/>).</summary>
    public int LogRows { get; set; }

    /// <summary>Symbolic batch dimension used at import.</summary>
    public int BatchSize { get; set; } = 1;

    /// <summary>Whether the model's inputs are public (the verifier is given them) or private (the prover keeps them).</summary>
    public Visibility InputVisibility { get; set; } = Visibility.Public;

    /// <summary>Whether the model's outputs are public (bound by the proof and given to the verifier) or private.</summary>
    public Visibility OutputVisibility { get; set; } = Visibility.Public;

    /// <summary>Whether the weights of MatMul, Gemm, Conv and ConvTranspose are fixed columns (in the key) or hashed private advice.</summary>
    public WeightVisibility WeightVisibility { get; set; } = WeightVisibility.Fixed;

    /// <summary>The scale of every edge, filled by quantization.</summary>
    public Dictionary<string, int> Scales { get; set; } = new();

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, Options);

    public static Settings FromJson(string json)
    {
        Settings s;
        try { s = JsonSerializer.Deserialize<Settings>(json, Options) ?? throw new FormatException("settings: empty document"); }
        catch (JsonException e) { throw new FormatException($"settings: {e.Message}", e); }
        s.Validate();
        return s;
    }

    public void Save(string path) => File.WriteAllText(path, ToJson());

    public static Settings Load(string path) => FromJson(File.ReadAllText(path));

    public Settings Clone() => FromJson(ToJson());

    /// <summary>Rejects settings the quantizer cannot honour.</summary>
    public void Validate()
    {
        if (InputScale is < 0 or > 30 || ParamScale is < 0 or > 30) throw new FormatException("settings: scales must lie in 0..30");
        if (RebaseMultiplier < 1) throw new FormatException("settings: rebaseMultiplier must be ≥ 1");
        if (LookupMin > LookupMax) throw new FormatException("settings: lookupMin > lookupMax");
        if (MaxValueBits is < 8 or > 62) throw new FormatException("settings: maxValueBits must lie in 8..62");
        if (NumColumns < 1) throw new FormatException("settings: numColumns must be ≥ 1");
        if (BatchSize < 1) throw new FormatException("settings: batchSize must be ≥ 1");
    }
}
