import GRDB
import RunbookModel

extension RunHeader {
    /// The header of a `runs` row.
    init(row: Row) throws {
        let parameters = try RowReading.optionalJSON(row, "parameters")
        guard case .object(let members)? = parameters else {
            throw AuditStoreError(.corrupt, "run parameters are not a JSON object")
        }
        self.init(
            id: try RowReading.text(row, "id"), runbookName: try RowReading.text(row, "runbook_name"),
            runbookPath: try RowReading.text(row, "runbook_path"), runbookSHA256: try RowReading.text(row, "runbook_sha256"),
            runbookText: try RowReading.text(row, "runbook_text"), parameters: members,
            mode: try RowReading.enumeration(row, "mode"), provider: try RowReading.text(row, "provider"),
            actor: try RowReading.text(row, "actor"), startedAt: try RowReading.time(row, "started_at"),
            parentRunID: try row.decode(String?.self, forColumn: "parent_run_id"),
            actingAs: try row.decode(String?.self, forColumn: "acting_as"),
            changesNeedApproval: (try row.decode(Int?.self, forColumn: "changes_need_approval") ?? 0) != 0)
    }
}
