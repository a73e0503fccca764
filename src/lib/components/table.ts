/** A DataTable column (DataTable.svelte). */
export interface Column<R> {
	key: keyof R & string;
	label: string;
	sortable?: boolean;
	numeric?: boolean;
	/** A sort value other than the cell's raw value. */
	sortValue?: (row: R) => string | number | bigint | null;
}
