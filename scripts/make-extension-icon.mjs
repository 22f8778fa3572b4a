/**
 * Draws the extension's 128×128 PNG icon (extension/icons/spol.png): a green shield with a white
 * check mark, the same shape as the file icon (icons/spol-file.svg). VS Code's marketplace needs a
 * PNG; this script keeps it reproducible without an image tool. Run: node scripts/make-extension-icon.mjs
 */
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const size = 128;
const scale = size / 16;
const pixels = Buffer.alloc(size * size * 4);

/** Is (x, y), in the 16-unit space of the SVG, inside the shield? */
function inShield(x, y) {
    if (y < 1.2 || y > 14.8) return false;
    // top edge: from (2.5, 3.2) up to (8, 1.2) and down to (13.5, 3.2)
    const top = 1.2 + (Math.abs(x - 8) / 5.5) * 2;
    if (y < top) return false;
    if (x < 2.5 || x > 13.5) return false;
    if (y <= 7.3) return true;
    // lower part: narrows to the point (8, 14.8) along an ellipse-like curve
    const t = (y - 7.3) / 7.5;
    const half = 5.5 * Math.sqrt(Math.max(0, 1 - t * t));
    return Math.abs(x - 8) <= half;
}

function distanceToSegment(px, py, ax, ay, bx, by) {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function inCheck(x, y) {
    const d = Math.min(distanceToSegment(x, y, 5.3, 8.1, 7.2, 10), distanceToSegment(x, y, 7.2, 10, 10.8, 6.1));
    return d <= 0.75;
}

for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
        // 4×4 supersampling for smooth edges
        let shield = 0;
        let check = 0;
        for (let sy = 0; sy < 4; sy++) {
            for (let sx = 0; sx < 4; sx++) {
                const x = (px + (sx + 0.5) / 4) / scale;
                const y = (py + (sy + 0.5) / 4) / scale;
                if (inShield(x, y)) {
                    shield++;
                    if (inCheck(x, y)) check++;
                }
            }
        }
        const i = (py * size + px) * 4;
        const c = check / 16;
        pixels[i] = Math.round(0x2f * (1 - c) + 255 * c);
        pixels[i + 1] = Math.round(0x7d * (1 - c) + 255 * c);
        pixels[i + 2] = Math.round(0x5b * (1 - c) + 255 * c);
        pixels[i + 3] = Math.round((shield / 16) * 255);
    }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
});
function crc32(buffer) {
    let c = 0xffffffff;
    for (const byte of buffer) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
}

const header = Buffer.alloc(13);
header.writeUInt32BE(size, 0);
header.writeUInt32BE(size, 4);
header[8] = 8; // bit depth
header[9] = 6; // RGBA
const raw = Buffer.alloc(size * (size * 4 + 1));
for (let y = 0; y < size; y++) pixels.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
const png = Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0))
]);
writeFileSync(new URL('../extension/icons/spol.png', import.meta.url), png);
