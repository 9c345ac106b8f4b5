/// The zygote's live workers: which pids are its unreaped children, and
/// which outside-id slot each one holds.
///
/// A slot is an outside uid/gid pair (`SandboxSettings.outsideIDBase +
/// 2 × slot`); no two live workers share one, so per-uid limits
/// (RLIMIT_NPROC) and signal permissions never span two episodes. Slots
/// rotate, so a freed slot is reused as late as possible.
struct WorkerTable {
    private var slotsByPid: [Int32: UInt32] = [:]
    private var usedSlots: Set<UInt32> = []
    private var nextSlot: UInt32 = 0
    let slotCount: UInt32

    init(slotCount: UInt32) {
        self.slotCount = slotCount
    }

    var pids: Dictionary<Int32, UInt32>.Keys { slotsByPid.keys }

    func contains(_ pid: Int32) -> Bool {
        slotsByPid[pid] != nil
    }

    /// The next free slot, reserved until `add` or `release`; nil when every
    /// slot has a live worker.
    mutating func reserveSlot() -> UInt32? {
        guard usedSlots.count < Int(slotCount) else { return nil }
        while usedSlots.contains(nextSlot) { nextSlot = (nextSlot + 1) % slotCount }
        let slot = nextSlot
        usedSlots.insert(slot)
        nextSlot = (nextSlot + 1) % slotCount
        return slot
    }

    mutating func release(slot: UInt32) {
        usedSlots.remove(slot)
    }

    mutating func add(pid: Int32, slot: UInt32) {
        slotsByPid[pid] = slot
    }

    /// Forgets a reaped worker and frees its slot; false if it was not ours.
    mutating func remove(pid: Int32) -> Bool {
        guard let slot = slotsByPid.removeValue(forKey: pid) else { return false }
        usedSlots.remove(slot)
        return true
    }
}
