using SkiaSharp;

namespace Sweep.Reporting.Pictures;

/// <summary>
/// LO17 Figure 1 as one picture: the five panels of a row side by side under their letters, for a
/// paper or a README. The panels are the drawn pictures themselves, placed, not redrawn.
/// </summary>
internal static class Lo17Strip
{
    internal const int Band = 26;

    /// <param name="panels">Each panel's caption and PNG (null where the sweep has no picture for it).</param>
    public static byte[] Compose(IReadOnlyList<(string Caption, byte[]? Png)> panels)
    {
        var side = PictureStyle.PanelSize;
        using var surface = SKSurface.Create(new SKImageInfo(side * panels.Count, side + Band));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var font = new SKFont(SKTypeface.Default, 13);
        using var ink = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var blank = new SKPaint { Color = new SKColor(235, 235, 235) };
        for (var i = 0; i < panels.Count; i++)
        {
            var (caption, png) = panels[i];
            canvas.DrawText(caption, i * side + 8, Band - 8, SKTextAlign.Left, font, ink);
            if (png is null)
            {
                canvas.DrawRect(i * side + 4, Band + 4, side - 8, side - 8, blank);
                continue;
            }

            using var image = SKImage.FromEncodedData(png);
            canvas.DrawImage(image, SKRect.Create(i * side, Band, side, side));
        }

        using var snapshot = surface.Snapshot();
        using var encoded = snapshot.Encode(SKEncodedImageFormat.Png, 100);
        return encoded.ToArray();
    }
}
