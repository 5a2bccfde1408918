/**
 * Compares two screenshots pixel by pixel, for a test that asserts what a person can or cannot see.
 * The PNGs are decoded by Chromium itself, on a blank page of the same browser: no image library.
 */
import type { BrowserContext } from 'playwright-core';

/**
 * The largest difference between the two images in any colour channel of any pixel, 0–255: 0 or 1 is
 * no difference a person could see. Throws when the images are not the same size.
 */
export async function largestPixelDifference(context: BrowserContext, a: Buffer, b: Buffer): Promise<number> {
  const page = await context.newPage();
  try {
    return await page.evaluate(
      async ([first, second]) => {
        const decode = async (base64: string) => {
          const image = new Image();
          image.src = `data:image/png;base64,${base64}`;
          await image.decode();
          const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
          const context2d = canvas.getContext('2d')!;
          context2d.drawImage(image, 0, 0);
          return context2d.getImageData(0, 0, canvas.width, canvas.height);
        };
        const [one, two] = await Promise.all([decode(first!), decode(second!)]);
        if (one.width !== two.width || one.height !== two.height)
          throw new Error(`the images differ in size: ${one.width}×${one.height} and ${two.width}×${two.height}`);
        let largest = 0;
        for (let i = 0; i < one.data.length; i++) largest = Math.max(largest, Math.abs(one.data[i]! - two.data[i]!));
        return largest;
      },
      [a.toString('base64'), b.toString('base64')],
    );
  } finally {
    await page.close();
  }
}
