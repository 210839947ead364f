import Providers
import Testing

@Suite("Slot calendar: the first free slot at or after a time, asked in any order")
struct SlotCalendarTests {
    @Test func aSlotLeftFreeEarlyStaysAvailableToALaterRequest() {
        var calendar = SlotCalendar()
        // Slots asked for out of order: 10, then 3, then 3 again, then 10 again
        #expect(calendar.take(atOrAfter: 10) == 10)
        #expect(calendar.take(atOrAfter: 3) == 3)
        #expect(calendar.take(atOrAfter: 3) == 4)
        #expect(calendar.take(atOrAfter: 10) == 11)
        // A run of taken slots is skipped in one lookup
        for _ in 0..<100 { calendar.take(atOrAfter: 20) }
        #expect(calendar.firstFree(atOrAfter: 20) == 120)
        #expect(calendar.firstFree(atOrAfter: 5) == 5)
        #expect(calendar.count == 104)
    }

    @Test func forgottenSlotsCountAsTakenAndSavedCalendarsComeBackTheSame() {
        var calendar = SlotCalendar()
        for slot in [1, 2, 5, 6] { calendar.take(atOrAfter: slot) }
        calendar.forget(before: 2)
        #expect(calendar.isTaken(0) && calendar.isTaken(2) && !calendar.isTaken(3))
        #expect(calendar.firstFree(atOrAfter: 0) == 3)
        let restored = SlotCalendar(taken: calendar.taken(from: calendar.floor), floor: calendar.floor)
        #expect(restored == calendar)
    }
}
