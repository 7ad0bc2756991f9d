using System.Globalization;
using System.Text;
using System.Text.Json;
using ZkmlGpu.Field;
using ZkmlGpu.Gpu;
using ZkmlGpu.Merkle;
using ZkmlGpu.Prover.Kzg;
using ZkmlGpu.Prover.Plonk;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Zkml.Chunking;

/// <summary>
/// A zero-knowledge opening of one committed boundary value: a <see cref="BoundaryOpeningCircuit"/> proof that value
/// <see cref="Index"/> of the <see cref="Count"/> values behind <see cref="Commitment"/> is <see cref="Value"/>.
/// Only the proof and the public values come from the file: the verifier regenerates the key from (n, j) and its own
/// SRS. JSON: <c>{"formatVersion":1,"commitment":"&lt;64 hex&gt;","boundary":I,"index":j,"count":n,"value":v,
/// "scale":s,"srs":"&lt;SRS digest hex&gt;","proof":"&lt;base64&gt;"}</c> ("boundary" and "scale" optional).
/// </summary>
public sealed record BoundaryOpening
{
    public const int CurrentFormatVersion = 1;

    public int FormatVersion { get; init; } = CurrentFormatVersion;
    public required Fr Commitment { get; init; }
    /// <summary>The cut the values cross (1..N−1 in a bundle), when the caller knows it; not part of the proof.</summary>
    public int? Boundary { get; init; }
    public required int Index { get; init; }
    public required int Count { get; init; }
    /// <summary>The signed integer value; in the circuit it is <c>Value mod r</c>, as the commitment maps it.</summary>
    public required long Value { get; init; }
    /// <summary>Fixed-point scale of the value when known: the real value is Value / 2^Scale.</summary>
    public int? Scale { get; init; }
    /// <summary>The digest (hex) of the SRS the proof was made with.</summary>
    public required string Srs { get; init; }
    public required byte[] Proof { get; init; }

    public double? RealValue => Scale is { } s ? FixedPoint.Dequantize(Value, s) : null;

    /// <summary>The instance columns the proof is checked against: [[commitment, value mod r]].</summary>
    public Fr[][] PublicInputs => [[Commitment, Fr.FromInt64(Value)]];

    /// <summary>Proves value <paramref name="index"/> of <paramref name="values"/> committed with <paramref name="salt"/>. The SRS needs 2^k powers, k = <see cref="BoundaryOpeningCircuit.MinimumK"/>(n).</summary>
    public static BoundaryOpening Open(IReadOnlyList<long> values, Fr salt, int index, Srs srs, IComputeDevice device, int? boundary = null, int? scale = null, ProverOptions? options = null)
    {
        var field = values.Select(Fr.FromInt64).ToArray();
        var circuit = new BoundaryOpeningCircuit(values.Count, index, field, salt);
        using var pk = Keygen.Create(srs, device, CircuitShape.Of(new BoundaryOpeningCircuit(values.Count, index)));
        var proof = PlonkProver.Prove(pk, circuit, options: options);
        return new BoundaryOpening
        {
            Commitment = BoundaryCommitment.Compute(field, salt),
            Boundary = boundary,
            Index = index,
            Count = values.Count,
            Value = values[index],
            Scale = scale,
            Srs = srs.Digest.Hex,
            Proof = ProofEncoding.Encode(proof),
        };
    }

    /// <summary>
    /// Checks the opening against the commitment the caller trusts (from a bundle's manifest or given by hand) and the
    /// caller's SRS; the reason says what failed, null when verified.
    /// </summary>
    public (bool Verified, string? Reason) Verify(Fr expectedCommitment, Srs srs, IComputeDevice? device = null)
    {
        if (FormatVersion != CurrentFormatVersion) return (false, $"opening format version {FormatVersion} is not supported (expected {CurrentFormatVersion})");
        if (Count < 1 || Count > BoundaryOpeningCircuit.MaxCount) return (false, $"count {Count} is not in 1..{BoundaryOpeningCircuit.MaxCount}");
        if (Index < 0 || Index >= Count) return (false, $"index {Index} is not in 0..{Count - 1}");
        if (Commitment != expectedCommitment) return (false, $"the opening is for commitment {Hex(Commitment)}, not the expected {Hex(expectedCommitment)}");
        if (!string.Equals(Srs, srs.Digest.Hex, StringComparison.OrdinalIgnoreCase)) return (false, $"the opening was made with SRS {Srs}, not the verifier's {srs.Digest.Hex}");
        int k = BoundaryOpeningCircuit.MinimumK(Count);
        if (srs.Size < 1 << k) return (false, $"an opening of {Count} values needs 2^{k} SRS powers; the SRS has {srs.Size}");
        var owned = device is null ? new Gpu.Cpu.CpuDevice() : null;
        try
        {
            using var pk = Keygen.Create(srs, device ?? owned!, CircuitShape.Of(new BoundaryOpeningCircuit(Count, Index)));
            Proof proof;
            try { proof = ProofEncoding.Decode(Proof, pk.Vk); }
            catch (Exception e) when (e is FormatException or ArgumentException) { return (false, $"the proof does not decode: {e.Message}"); }
            return PlonkVerifier.Verify(pk.Vk, proof, PublicInputs, device ?? owned)
                ? (true, null)
                : (false, $"the proof does not show value {Value} at index {Index} of the {Count} values behind commitment {Hex(Commitment)}");
        }
        finally { owned?.Dispose(); }
    }

    public string ToJson()
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("formatVersion", FormatVersion);
            w.WriteString("commitment", Hex(Commitment));
            if (Boundary is { } boundary) w.WriteNumber("boundary", boundary);
            w.WriteNumber("index", Index);
            w.WriteNumber("count", Count);
            w.WriteNumber("value", Value);
            if (Scale is { } scale)
            {
                w.WriteNumber("scale", scale);
                w.WriteNumber("realValue", RealValue!.Value);
            }
            w.WriteString("srs", Srs);
            w.WriteString("proof", Convert.ToBase64String(Proof));
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Reads an opening file; a malformed one raises <see cref="InvalidEncodingException"/> saying what is wrong. "realValue" is ignored (it is derived).</summary>
    public static BoundaryOpening FromJson(string json)
    {
        JsonDocument doc;
        try { doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 4 }); }
        catch (JsonException e) { throw new InvalidEncodingException($"the opening is not valid JSON: {e.Message}"); }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new InvalidEncodingException("the opening must be a JSON object");
            string proof = String(root, "proof");
            byte[] bytes;
            try { bytes = Convert.FromBase64String(proof); }
            catch (FormatException) { throw new InvalidEncodingException("\"proof\" is not base64"); }
            return new BoundaryOpening
            {
                FormatVersion = Int(root, "formatVersion"),
                Commitment = ParseHex(String(root, "commitment"), "commitment"),
                Boundary = root.TryGetProperty("boundary", out _) ? Int(root, "boundary") : null,
                Index = Int(root, "index"),
                Count = Int(root, "count"),
                Value = Long(root, "value"),
                Scale = root.TryGetProperty("scale", out _) ? Int(root, "scale") : null,
                Srs = String(root, "srs"),
                Proof = bytes,
            };
        }
    }

    /// <summary>A field element as 64 lowercase hex digits, big-endian.</summary>
    public static string Hex(Fr x) => x.ToBigInteger().ToString("x64", CultureInfo.InvariantCulture)[^64..];

    /// <summary>64 hex digits (an optional 0x) of a canonical field element (below r).</summary>
    public static Fr ParseHex(string hex, string what)
    {
        string digits = hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex;
        if (digits.Length != 64 || !digits.All(Uri.IsHexDigit)) throw new InvalidEncodingException($"\"{what}\" must be 64 hex digits; got '{Truncate(hex)}'");
        var value = System.Numerics.BigInteger.Parse("0" + digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        if (value >= Fr.Modulus) throw new InvalidEncodingException($"\"{what}\" is not below the field modulus r");
        return Fr.FromBigInteger(value);
    }

    private static JsonElement Get(JsonElement root, string name) =>
        root.TryGetProperty(name, out var e) ? e : throw new InvalidEncodingException($"the opening has no \"{name}\"");

    private static string String(JsonElement root, string name)
    {
        var e = Get(root, name);
        return e.ValueKind == JsonValueKind.String ? e.GetString()! : throw new InvalidEncodingException($"\"{name}\" must be a string");
    }

    private static int Int(JsonElement root, string name)
    {
        var e = Get(root, name);
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out int v) ? v : throw new InvalidEncodingException($"\"{name}\" must be a 32-bit integer");
    }

    private static long Long(JsonElement root, string name)
    {
        var e = Get(root, name);
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt64(out long v) ? v : throw new InvalidEncodingException($"\"{name}\" must be a 64-bit integer");
    }

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..77] + "...";
}
