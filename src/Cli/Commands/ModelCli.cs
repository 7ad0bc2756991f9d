using ZkmlGpu.Gpu;
using System.CommandLine;
using System.Text.Json;
using ZkmlGpu.Zkml.Execution;
using ZkmlGpu.Zkml.Import;
using ZkmlGpu.Zkml.Import.Msgpack;
using ZkmlGpu.Zkml.Import.Onnx;
using ZkmlGpu.Zkml.Model;
using ZkmlGpu.Zkml.Quantization;

namespace ZkmlGpu.Cli.Commands;

/// <summary>What the model commands (inspect, run, calibrate) share: loading by extension, reading inputs, clean errors.</summary>
internal static class ModelCli
{
    public const int BadInput = 2;

    /// <summary>Opens the --device spec; an absent device is a usage error (exit 2).</summary>
    public static IComputeDevice OpenDevice(string spec)
    {
        try { return ComputeDevices.Open(spec); }
        catch (DeviceNotFoundException e) { throw new UsageException(e.Message); }
    }

    public static Argument<FileInfo> ModelArgument() => new("MODEL") { Description = "A model file: .onnx (ONNX) or .msgpack (zkml)." };

    public static Option<bool> PrettyOption() => new("--pretty") { Description = "Human-readable text instead of JSON." };

    /// <summary>Runs a command body; bad files and inputs become one line on stderr and exit code 2, never a stack trace.</summary>
    public static int Run(ParseResult result, Func<TextWriter, int> body)
    {
        TextWriter output = result.InvocationConfiguration.Output, error = result.InvocationConfiguration.Error;
        try
        {
            return body(output);
        }
        catch (Exception e) when (e is ModelFormatException or ModelExecutionException or UsageException or FormatException
                                      or IOException or UnauthorizedAccessException or JsonException or NotSupportedException
                                      or ArgumentException or OverflowException)
        {
            error.WriteLine($"error: {e.Message.Split('\n')[0].Trim()}");
            return BadInput;
        }
    }

    public static string Format(FileInfo model) => model.Extension.ToLowerInvariant() switch
    {
        ".msgpack" => "zkml-msgpack",
        ".onnx" => "onnx",
        _ => throw new UsageException($"unknown model type '{model.Name}': expected .onnx or .msgpack"),
    };

    public static ZkmlMsgpackModel ReadZkml(FileInfo model)
    {
        Exists(model);
        return ZkmlMsgpackReader.ReadModel(model.FullName);
    }

    /// <summary>
    /// Loads and quantizes a model. A zkml model is already quantized; settings move it to another scale
    /// (InputScale, which must equal ParamScale) and table size (LogRows). An ONNX model is quantized with the
    /// settings, or the defaults.
    /// </summary>
    public static LoadedModel Load(FileInfo model, FileInfo? settingsFile) =>
        LoadWith(model, settingsFile is null ? null : ReadSettings(settingsFile));

    public static Settings ReadSettings(FileInfo settingsFile)
    {
        Exists(settingsFile);
        return Settings.Load(settingsFile.FullName);
    }

    /// <inheritdoc cref="Load(FileInfo, FileInfo?)"/>
    public static LoadedModel LoadWith(FileInfo model, Settings? settings)
    {
        string format = Format(model);
        if (format == "zkml-msgpack")
        {
            var raw = ReadZkml(model);
            var file = raw;
            long fileScale = raw.GlobalScale;
            if (settings is not null)
            {
                if (settings.InputScale != settings.ParamScale)
                    throw new UsageException("a zkml model has one global scale: settings need inputScale = paramScale");
                raw = ZkmlMsgpackRequantizer.Rescale(raw, settings.InputScale, settings.LogRows > 0 ? settings.LogRows : raw.K);
            }
            var quantized = ZkmlMsgpackImporter.ImportQuantized(raw, model.Name);
            if (settings is not null)
            {
                quantized.Settings.InputVisibility = settings.InputVisibility;
                quantized.Settings.OutputVisibility = settings.OutputVisibility;
                quantized.Settings.WeightVisibility = settings.WeightVisibility;
            }
            return new LoadedModel(format, quantized, raw, fileScale, ZkmlFile: file);
        }
        Exists(model);
        var graph = OnnxImporter.Load(model.FullName);
        return new LoadedModel(format, Quantizer.Quantize(graph, settings ?? new Settings()), null, FloatGraph: graph);
    }

    /// <summary>
    /// Settings that load <paramref name="model"/> as it is loaded now: the settings it was given, or else the defaults
    /// (ONNX) or the file's own scale and k (zkml). What a proof directory records, so the verifier rebuilds the same circuit.
    /// </summary>
    public static Settings Reproducing(LoadedModel model, Settings? given)
    {
        if (given is not null) return given;
        if (model.Zkml is { } z)
        {
            int scale = System.Numerics.BitOperations.Log2((ulong)z.GlobalScale);
            return new Settings { InputScale = scale, ParamScale = scale, LogRows = z.K };
        }
        return new Settings();
    }

    /// <summary>
    /// The float model's outputs on an input file: zkml's float network behind the file, or the ONNX graph in double
    /// precision. Null for an ONNX model given fixed-point (.msgpack) inputs, which have no real scale of their own.
    /// </summary>
    public static double[][]? FloatReference(LoadedModel model, FileInfo input)
    {
        if (model.ZkmlFile is { } z) return ZkmlFloatEvaluator.Run(z, ReadRealInputs(input, model.FileScale, z.InputIndices));
        if (model.FloatGraph is { } g && input.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
            return FloatExecutor.Run(g, ReadRealInputs(input, 1, null));
        return null;
    }

    /// <summary>Reads real inputs: EZKL's input.json, or a zkml input msgpack (integers at the file's model scale).</summary>
    public static IReadOnlyList<double[]> ReadRealInputs(FileInfo input, long zkmlScale, IReadOnlyList<long>? zkmlOrder)
    {
        Exists(input);
        if (input.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            var floats = EzklInputReader.Load(input.FullName);
            var real = floats.Select(f => f.Select(v => (double)v).ToArray()).ToList();
            for (int i = 0; i < real.Count; i++)
                for (int j = 0; j < real[i].Length; j++)
                    if (!double.IsFinite(real[i][j]))
                        throw new ModelExecutionException($"input file '{input.Name}': input {i} element {j} is {real[i][j]}");
            return real;
        }
        if (input.Extension.Equals(".msgpack", StringComparison.OrdinalIgnoreCase))
        {
            var tensors = ZkmlMsgpackReader.ReadInputs(input.FullName);
            var ordered = zkmlOrder is null ? tensors
                : zkmlOrder.Select(idx => tensors.FirstOrDefault(t => t.Index == idx)
                    ?? throw new ModelExecutionException($"input file '{input.Name}' has no tensor with idx {idx}")).ToList();
            return ordered.Select(t => t.Data.Select(v => v / (double)zkmlScale).ToArray()).ToList();
        }
        throw new UsageException($"unknown input type '{input.Name}': expected .json (EZKL) or .msgpack (zkml)");
    }

    /// <summary>Fixed-point inputs for the model's integer run.</summary>
    public static IReadOnlyList<long[]> ReadInputs(LoadedModel model, FileInfo input)
    {
        var g = model.Quantized.Graph;
        if (model.Zkml is { } z)
        {
            if (input.Extension.Equals(".msgpack", StringComparison.OrdinalIgnoreCase) && model.FileScale == z.GlobalScale)
            {
                var tensors = ZkmlMsgpackReader.ReadInputs(input.FullName);
                return z.InputIndices.Select(idx => (tensors.FirstOrDefault(t => t.Index == idx)
                    ?? throw new ModelExecutionException($"input file '{input.Name}' has no tensor with idx {idx}")).Data).ToList();
            }
            // Real values (or integers at another scale): quantize as zkml's input converter does.
            var real = ReadRealInputs(input, model.FileScale, z.InputIndices);
            if (real.Count != g.Inputs.Count)
                throw new ModelExecutionException($"model '{g.Name}': expected {g.Inputs.Count} input(s), got {real.Count}");
            long limit = 1L << model.Quantized.Settings.MaxValueBits;
            return real.Select(x => x.Select(v =>
            {
                double q = Math.Round(v * z.GlobalScale, MidpointRounding.ToEven);
                return Math.Abs(q) < limit ? (long)q : throw new ModelExecutionException($"input value {v} is outside the representable range");
            }).ToArray()).ToList();
        }
        if (input.Extension.Equals(".json", StringComparison.OrdinalIgnoreCase))
        {
            Exists(input);
            return IntegerExecutor.QuantizeInputs(model.Quantized, EzklInputReader.Load(input.FullName));
        }
        if (input.Extension.Equals(".msgpack", StringComparison.OrdinalIgnoreCase))
        {
            Exists(input);
            return ZkmlMsgpackReader.ReadInputs(input.FullName).Select(t => t.Data).ToList();
        }
        throw new UsageException($"unknown input type '{input.Name}': expected .json (EZKL) or .msgpack (zkml)");
    }

    public static void Exists(FileInfo file)
    {
        if (!file.Exists) throw new UsageException($"file not found: {file.FullName}");
    }

    public static void WriteShape(Utf8JsonWriter w, string name, TensorShape shape)
    {
        w.WriteStartArray(name);
        foreach (int d in shape.Dims) w.WriteNumberValue(d);
        w.WriteEndArray();
    }

    public static string Json(Action<Utf8JsonWriter> body)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) body(w);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
