using ZkmlGpu.Zkml.Model;

namespace ZkmlGpu.Zkml.Import.Msgpack;

/// <summary>
/// Which input and weight elements each output of a zkml Conv2D / DepthwiseConv2D sums (params: type, padding
/// 0=same 1=valid, activation, stride h, stride w; NHWC input, OHWI weights, depthwise [1,H,W,C]). The integer
/// kernel and the circuit both walk these taps, so the convolution's indexing is written once.
/// </summary>
public sealed class ZkmlConv2DGeometry
{
    private readonly bool _depthwise;
    private readonly int _h, _wd, _c, _kh, _kw, _si, _sj, _top, _left, _oh, _ow, _oc;

    public ZkmlConv2DGeometry(TensorShape xs, TensorShape ws, int? biasLength, long[] prm)
    {
        Require(prm.Length >= 5, "Conv2D needs 5 params");
        _depthwise = prm[0] switch { 0 => false, 1 => true, _ => throw Bad($"Conv2D type {prm[0]}") };
        bool same = prm[1] switch { 0 => true, 1 => false, _ => throw Bad($"Conv2D padding {prm[1]}") };
        Activation = ZkmlKernels.ActivationOf(prm[2], "Conv2D", allowRelu6: true);
        Require(prm[3] is >= 1 and <= 1 << 16 && prm[4] is >= 1 and <= 1 << 16, "Conv2D strides must be positive");
        _si = (int)prm[3]; _sj = (int)prm[4];
        Require(xs.Rank == 4 && ws.Rank == 4, "Conv2D expects rank-4 input and weights");
        int batch = xs[0];
        (_h, _wd, _c) = (xs[1], xs[2], xs[3]);
        (_kh, _kw) = (ws[1], ws[2]);
        _oc = _depthwise ? ws[3] : ws[0];
        Require(_depthwise ? ws[0] == 1 && ws[3] == _c && batch == 1 : ws[3] == _c,
            $"Conv2D weights {ws} do not match input channels {_c}");
        Require(_kh >= 1 && _kw >= 1 && (same || (_kh <= _h && _kw <= _wd)), "Conv2D kernel larger than input");
        if (_depthwise) Require(biasLength is not null, "DepthwiseConv2D needs a bias");
        if (biasLength is { } bl) Require(bl >= _oc, "Conv2D bias shorter than output channels");

        // zkml's padding rule for 'same', kept exactly (its height branch uses the width stride).
        int ph = 0, pw = 0;
        if (same)
        {
            ph = Math.Max(_h % _si == 0 ? _kh - _sj : _kh - _h % _si, 0);
            pw = Math.Max(_wd % _sj == 0 ? _kw - _sj : _kw - _wd % _sj, 0);
        }
        (_top, _left) = (ph / 2, pw / 2);
        _oh = same ? (_h + _si - 1) / _si : (_h - _kh) / _si + 1;
        _ow = same ? (_wd + _sj - 1) / _sj : (_wd - _kw) / _sj + 1;
        Require((long)(_oh - 1) * _si + _kh <= _h + ph && (long)(_ow - 1) * _sj + _kw <= _wd + pw, "Conv2D window leaves the padded input");
        OutShape = [batch, _oh, _ow, _oc];
        Size = (int)ZkmlMsgpackReader.Elements(OutShape, "tensor");
    }

    public int[] OutShape { get; }
    public int Size { get; }
    public ZkmlKernels.Activation Activation { get; }

    /// <summary>Fills <paramref name="taps"/> with output <paramref name="o"/>'s (input, weight) index pairs (zero padding contributes none) and returns its channel.</summary>
    public int Taps(int o, List<(int X, int W)> taps)
    {
        taps.Clear();
        int f = o % _oc, j = o / _oc % _ow, i = o / (_oc * _ow) % _oh, b = o / (_oc * _ow * _oh);
        for (int di = 0; di < _kh; di++)
        {
            int r = i * _si + di - _top;
            if (r < 0 || r >= _h) continue;
            for (int dj = 0; dj < _kw; dj++)
            {
                int col = j * _sj + dj - _left;
                if (col < 0 || col >= _wd) continue;
                int xBase = ((b * _h + r) * _wd + col) * _c;
                if (_depthwise) taps.Add((xBase + f, (di * _kw + dj) * _oc + f));
                else
                {
                    int wBase = ((f * _kh + di) * _kw + dj) * _c;
                    for (int ch = 0; ch < _c; ch++) taps.Add((xBase + ch, wBase + ch));
                }
            }
        }
        return f;
    }

    private static void Require(bool ok, string message)
    {
        if (!ok) throw Bad(message);
    }

    private static ModelFormatException Bad(string message) => new(message);
}
