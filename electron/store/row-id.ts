// Ids cross the boundary as opaque strings holding a row id; a string that is
// not one names no row (-1), so a lookup finds nothing rather than throwing.
export function toRowId(id: string): number {
  return /^[1-9][0-9]{0,15}$/.test(id) ? Number(id) : -1;
}
