using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using ZkmlGpu.Field;

namespace ZkmlGpu.Merkle;

/// <summary>
/// JSON forms used by the CLI. Values files: an array of integers or decimal strings ("-12", "123…"), each with
/// |x| &lt; r, mapped to x mod r (<see cref="MerkleCommitment.ToField(BigInteger)"/>). Proofs:
/// <c>{"root":"…","leaves":n,"index":i,"leaf":"…","siblings":["…",…],"commitment":"…"}</c> with field elements as
/// canonical decimal strings (0 ≤ x &lt; r); "commitment" (Poseidon(root, n)) is optional on input and, when present,
/// must match. Every malformed input raises <see cref="InvalidEncodingException"/> with a message saying what is wrong.
/// </summary>
public static class MerkleJson
{
    private static readonly JsonDocumentOptions Options = new() { MaxDepth = 8 };

    /// <param name="json">The array.</param>
    /// <param name="itemName">How error messages name an element ("Value 3 …").</param>
    public static Fr[] ParseValues(string json, string itemName = "Value")
    {
        using var doc = Parse(json);
        if (doc.RootElement.ValueKind != JsonValueKind.Array)
            throw new InvalidEncodingException($"Expected a JSON array of integers, got a JSON {Describe(doc.RootElement.ValueKind)}.");
        var values = new Fr[doc.RootElement.GetArrayLength()];
        int i = 0;
        foreach (var element in doc.RootElement.EnumerateArray())
        {
            BigInteger x = element.ValueKind switch
            {
                JsonValueKind.Number => ParseInteger(element.GetRawText(), itemName, i),
                JsonValueKind.String => ParseInteger(element.GetString()!, itemName, i),
                _ => throw new InvalidEncodingException($"{itemName} {i}: expected an integer or a decimal string, got a JSON {Describe(element.ValueKind)}."),
            };
            if (BigInteger.Abs(x) >= Fr.Modulus)
                throw new InvalidEncodingException($"{itemName} {i} ({Truncate(x.ToString())}) is outside the field: |x| must be below r = {Fr.Modulus}.");
            values[i++] = MerkleCommitment.ToField(x);
        }
        return values;
    }

    public static string ProofToJson(MerkleProof proof)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("root", proof.Root.ToString());
            w.WriteNumber("leaves", proof.LeafCount);
            w.WriteNumber("index", proof.Index);
            w.WriteString("leaf", proof.Leaf.ToString());
            w.WriteStartArray("siblings");
            foreach (var s in proof.Siblings) w.WriteStringValue(s.ToString());
            w.WriteEndArray();
            w.WriteString("commitment", proof.Commitment.ToString());
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Parses <see cref="ProofToJson"/>; the shape (n, index, sibling count) is checked, the hashes are not.</summary>
    public static MerkleProof ProofFromJson(string json)
    {
        using var doc = Parse(json);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw new InvalidEncodingException($"Expected a JSON object for the proof, got a JSON {Describe(root.ValueKind)}.");
        var known = new HashSet<string> { "root", "leaves", "index", "leaf", "siblings", "commitment" };
        foreach (var property in root.EnumerateObject())
            if (!known.Contains(property.Name)) throw new InvalidEncodingException($"Unknown proof field \"{property.Name}\".");

        Fr rootValue = FieldElement(Required(root, "root"), "root");
        long leaves = Count(Required(root, "leaves"), "leaves");
        long index = Count(Required(root, "index"), "index");
        Fr leaf = FieldElement(Required(root, "leaf"), "leaf");
        var siblingsElement = Required(root, "siblings");
        if (siblingsElement.ValueKind != JsonValueKind.Array) throw new InvalidEncodingException("\"siblings\" must be an array of decimal strings.");
        var siblings = siblingsElement.EnumerateArray().Select((s, k) => FieldElement(s, $"siblings[{k}]")).ToArray();
        MerkleProof.CheckShape(leaves, index, siblings.Length);
        var proof = new MerkleProof(rootValue, leaves, index, leaf, siblings);
        if (root.TryGetProperty("commitment", out var commitment) && FieldElement(commitment, "commitment") != proof.Commitment)
            throw new InvalidEncodingException("\"commitment\" is not Poseidon(root, leaves).");
        return proof;
    }

    private static JsonDocument Parse(string json)
    {
        try { return JsonDocument.Parse(json, Options); }
        catch (JsonException e) { throw new InvalidEncodingException($"Not valid JSON: {e.Message}", e); }
    }

    private static JsonElement Required(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) ? value : throw new InvalidEncodingException($"The proof has no \"{name}\" field.");

    private static BigInteger ParseInteger(string text, string itemName, int position)
    {
        ReadOnlySpan<char> digits = text.StartsWith('-') ? text.AsSpan(1) : text;
        if (digits.Length == 0 || !AllDigits(digits))
            throw new InvalidEncodingException($"{itemName} {position} (\"{Truncate(text)}\") is not an integer: write it as decimal digits with an optional leading '-'.");
        return BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static bool AllDigits(ReadOnlySpan<char> s)
    {
        foreach (char c in s) if (c is < '0' or > '9') return false;
        return true;
    }

    private static Fr FieldElement(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.String) throw new InvalidEncodingException($"\"{name}\" must be a decimal string.");
        string text = element.GetString()!;
        if (text.Length == 0 || !AllDigits(text)) throw new InvalidEncodingException($"\"{name}\" (\"{Truncate(text)}\") is not a decimal field element.");
        var value = BigInteger.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        if (value >= Fr.Modulus) throw new InvalidEncodingException($"\"{name}\" is not below the field modulus r.");
        return Fr.FromBigInteger(value);
    }

    private static long Count(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out long value) || value < 0)
            throw new InvalidEncodingException($"\"{name}\" must be a non-negative integer.");
        return value;
    }

    private static string Describe(JsonValueKind kind) => kind.ToString().ToLowerInvariant();

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
