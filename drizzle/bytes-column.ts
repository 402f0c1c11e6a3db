import { customType } from "drizzle-orm/sqlite-core";

/**
 * A BLOB column as Uint8Array. D1 hands blobs back as number arrays or ArrayBuffers
 * depending on the path; normalise so the crypto code always gets bytes.
 */
export const bytes = customType<{ data: Uint8Array<ArrayBuffer>; driverData: ArrayBuffer | Uint8Array<ArrayBuffer> | number[] }>({
  dataType: () => "blob",
  toDriver: (value) => value,
  fromDriver: (value) => {
    if (value instanceof Uint8Array) return value;
    if (value instanceof ArrayBuffer) return new Uint8Array(value);
    return Uint8Array.from(value);
  },
});
