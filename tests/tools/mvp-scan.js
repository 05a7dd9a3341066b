#!/usr/bin/env node
// Fails (exit 1) if a .wasm uses anything beyond WebAssembly MVP (+ mutable
// globals): iOS WeChat refuses modules with post-MVP features. Walks every
// section and every instruction of every function body.
// Usage: node tests/tools/mvp-scan.js file.wasm [...]
'use strict';
const fs = require('fs');

const VALTYPES = new Set([0x7f, 0x7e, 0x7d, 0x7c]);

function scan(bytes) {
  const problems = [];
  let p = 0;
  const byte = () => {
    if (p >= bytes.length) throw new Error('unexpected end of module');
    return bytes[p++];
  };
  const leb = (signed, bits) => {
    let result = 0n;
    let shift = 0n;
    let b;
    do {
      b = byte();
      result |= BigInt(b & 0x7f) << shift;
      shift += 7n;
    } while (b & 0x80);
    if (signed && shift < BigInt(bits) && (b & 0x40)) result -= 1n << shift;
    return result;
  };
  const u32 = () => Number(leb(false, 32));
  const name = () => {
    const n = u32();
    const s = Buffer.from(bytes.subarray(p, p + n)).toString('utf8');
    p += n;
    return s;
  };
  const bad = (what) => problems.push(`${what} at byte ${p}`);
  const valtype = (where) => {
    const t = byte();
    if (!VALTYPES.has(t)) bad(`${where}: value type 0x${t.toString(16)} (post-MVP)`);
  };
  const limits = (where) => {
    const flags = byte();
    if (flags > 1) bad(`${where}: limits flags ${flags} (shared or 64-bit memory)`);
    u32();
    if (flags & 1) u32();
  };
  const constExpr = (where) => {
    for (;;) {
      const op = byte();
      if (op === 0x0b) return;
      if (op === 0x41) leb(true, 32);
      else if (op === 0x42) leb(true, 64);
      else if (op === 0x43) p += 4;
      else if (op === 0x44) p += 8;
      else if (op === 0x23) u32();
      else {
        bad(`${where}: constant expression opcode 0x${op.toString(16)}`);
        return;
      }
    }
  };
  const blockType = () => {
    const t = bytes[p];
    if (t === 0x40 || VALTYPES.has(t)) {
      p++;
      return;
    }
    leb(true, 33);
    bad('block with a type index (multi-value)');
  };
  const code = (end) => {
    while (p < end) {
      const op = byte();
      if (op <= 0x01 || op === 0x05 || op === 0x0b || op === 0x0f || op === 0x1a || op === 0x1b) continue;
      if (op >= 0x02 && op <= 0x04) blockType();
      else if (op === 0x0c || op === 0x0d || op === 0x10 || (op >= 0x20 && op <= 0x24)) u32();
      else if (op === 0x0e) {
        for (let n = u32(); n--;) u32();
        u32();
      } else if (op === 0x11) {
        u32();
        if (byte() !== 0) bad('call_indirect on a table other than 0 (reference types)');
      } else if (op >= 0x28 && op <= 0x3e) {
        u32();
        u32();
      } else if (op === 0x3f || op === 0x40) {
        if (byte() !== 0) bad('memory index other than 0 (multi-memory)');
      } else if (op === 0x41) leb(true, 32);
      else if (op === 0x42) leb(true, 64);
      else if (op === 0x43) p += 4;
      else if (op === 0x44) p += 8;
      else if (op >= 0x45 && op <= 0xbf) continue;
      else {
        const names = { 0xc0: 'sign-extension', 0xc1: 'sign-extension', 0xc2: 'sign-extension', 0xc3: 'sign-extension', 0xc4: 'sign-extension', 0xfc: 'bulk-memory / saturating conversion', 0xfd: 'SIMD', 0xfe: 'threads', 0x1c: 'typed select (reference types)', 0x25: 'table.get', 0x26: 'table.set', 0xd0: 'ref.null', 0xd1: 'ref.is_null', 0xd2: 'ref.func', 0x12: 'tail call', 0x13: 'tail call', 0x06: 'exceptions', 0x08: 'exceptions' };
        bad(`opcode 0x${op.toString(16)} (${names[op] || 'not MVP'})`);
        return; // immediates unknown: stop walking this body
      }
    }
  };

  if (bytes.readUInt32LE(0) !== 0x6d736100 || bytes.readUInt32LE(4) !== 1) throw new Error('not a wasm module');
  p = 8;
  const counts = { functions: 0, instructionsChecked: true, features: [] };
  let tables = 0;
  let memories = 0;
  while (p < bytes.length) {
    const id = byte();
    const size = u32();
    const end = p + size;
    switch (id) {
      case 0: {
        const n = name();
        if (n === 'target_features') {
          for (let k = u32(); k--;) {
            const prefix = String.fromCharCode(byte());
            const f = name();
            counts.features.push(prefix + f);
            if (prefix === '+' && f !== 'mutable-globals') bad(`target feature ${f}`);
          }
        }
        break;
      }
      case 1:
        for (let n = u32(); n--;) {
          if (byte() !== 0x60) bad('non-function type');
          for (let k = u32(); k--;) valtype('parameter');
          const results = u32();
          if (results > 1) bad(`function type with ${results} results (multi-value)`);
          for (let k = results; k--;) valtype('result');
        }
        break;
      case 2:
        for (let n = u32(); n--;) {
          name();
          name();
          const kind = byte();
          if (kind === 0) u32();
          else if (kind === 1) {
            tables++;
            if (byte() !== 0x70) bad('imported table of a reference type other than funcref');
            limits('table import');
          } else if (kind === 2) {
            memories++;
            limits('memory import');
          } else if (kind === 3) {
            valtype('global import');
            byte();
          } else bad(`import kind ${kind} (exceptions)`);
        }
        break;
      case 4:
        for (let n = u32(); n--;) {
          tables++;
          if (byte() !== 0x70) bad('table of a reference type other than funcref');
          limits('table');
        }
        break;
      case 5:
        for (let n = u32(); n--;) {
          memories++;
          limits('memory');
        }
        break;
      case 7:
        // iOS WeChat: WXWebAssembly exports may be functions and memory only
        // (no globals, no tables).
        for (let n = u32(); n--;) {
          const what = name();
          const kind = byte();
          u32();
          if (kind === 1) bad(`exported table '${what}' (iOS WXWebAssembly exports functions and memory only)`);
          else if (kind === 3) bad(`exported global '${what}' (iOS WXWebAssembly exports functions and memory only)`);
          else if (kind > 3) bad(`export kind ${kind} '${what}'`);
        }
        break;
      case 6:
        for (let n = u32(); n--;) {
          valtype('global');
          byte();
          constExpr('global');
        }
        break;
      case 9:
        for (let n = u32(); n--;) {
          const flags = u32();
          if (flags !== 0) {
            bad(`element segment flags ${flags} (bulk memory / reference types)`);
            p = end;
            break;
          }
          constExpr('element offset');
          for (let k = u32(); k--;) u32();
        }
        break;
      case 10:
        for (let n = u32(); n--;) {
          const bodySize = u32();
          const bodyEnd = p + bodySize;
          for (let k = u32(); k--;) {
            u32();
            valtype('local');
          }
          code(bodyEnd);
          p = bodyEnd;
          counts.functions++;
        }
        break;
      case 11:
        for (let n = u32(); n--;) {
          const flags = u32();
          if (flags !== 0) {
            bad(`data segment flags ${flags} (passive segments: bulk memory)`);
            p = end;
            break;
          }
          constExpr('data offset');
          const len = u32();
          p += len;
        }
        break;
      case 12:
        bad('data count section (bulk memory)');
        break;
      case 13:
        bad('tag section (exceptions)');
        break;
      default:
        break;
    }
    p = end;
  }
  if (tables > 1) bad(`${tables} tables (reference types)`);
  if (memories > 1) bad(`${memories} memories (multi-memory)`);
  return { problems, counts };
}

module.exports = { scan };

if (require.main === module) {
  let ok = true;
  for (const f of process.argv.slice(2)) {
    const { problems, counts } = scan(fs.readFileSync(f));
    if (problems.length) {
      ok = false;
      process.stdout.write(`${f}: NOT MVP\n  ${problems.slice(0, 20).join('\n  ')}\n`);
    } else {
      process.stdout.write(`${f}: MVP only (${counts.functions} function bodies walked; features: ${counts.features.join(' ') || 'none listed'})\n`);
    }
  }
  process.exit(ok ? 0 : 1);
}
