public import Foundation
import Providers

extension World {
    /// Runs every background event due by `time`, in order, and moves the world's clock there.
    ///
    /// Snapshots complete, instances finish stopping or terminating, load balancers probe their
    /// targets, and Auto Scaling replaces unhealthy members — exactly as much as `time` allows.
    ///
    /// - Parameter time: The simulated time to advance to; earlier times are ignored.
    public mutating func advance(to time: Date) {
        while let (at, event) = timeline.popDue(by: time) {
            if at > now { now = at }
            handle(event)
        }
        if time > now { now = time }
    }

    mutating func handle(_ event: WorldEvent) {
        switch event {
        case .instanceReaches(let id, let state):
            finishTransition(of: id, to: InstanceStateName(rawValue: state) ?? .running)
        case .snapshotCompletes(let id):
            guard var record = snapshots[id], record.snapshot.state == .pending else { return }
            record.snapshot.state = .completed
            record.snapshot.progress = "100%"
            snapshots[id] = record
        case .loadBalancerHealthCheck(let name):
            probeLoadBalancer(name)
            if let interval = loadBalancers[name]?.healthCheck.interval {
                timeline.schedule(.loadBalancerHealthCheck(name: name), at: now.addingTimeInterval(TimeInterval(interval)))
            }
        case .targetGroupHealthCheck(let arn):
            probeTargetGroup(arn)
            if let interval = targetGroups[arn]?.interval {
                timeline.schedule(.targetGroupHealthCheck(arn: arn), at: now.addingTimeInterval(TimeInterval(interval)))
            }
        case .autoScalingCheck(let name):
            checkAutoScalingGroup(name)
            if autoScalingGroups.contains(name) {
                timeline.schedule(.autoScalingCheck(name: name), at: now.addingTimeInterval(timings.autoScalingCheckInterval.timeInterval))
            }
        case .targetDrained(let arn, let id, let port):
            targetGroups[arn]?.targets.removeAll { $0.id == id && $0.port == port && ($0.drainingUntil.map { $0 <= now } ?? false) }
        case .scriptedTermination(let id, let reason):
            terminate(id, reason: reason)
        case .instanceForgotten(let id):
            guard instances[id]?.state == .terminated else { return }
            instances[id] = nil
        }
    }

    /// Schedules an instance's termination at a simulated time (a game day's "the instance dies mid-run").
    ///
    /// - Parameters:
    ///   - id: The instance.
    ///   - time: When.
    ///   - reason: The state transition reason it will show.
    public mutating func scheduleTermination(of id: String, at time: Date, reason: String) {
        timeline.schedule(.scriptedTermination(instanceId: id, reason: reason), at: time)
    }

    /// Completes `pending` → `running`, `stopping` → `stopped`, `shutting-down` → `terminated`.
    mutating func finishTransition(of id: String, to state: InstanceStateName) {
        guard var instance = instances[id] else { return }
        switch (instance.state, state) {
        case (.pending, .running):
            instance.state = .running
            instances[id] = instance
            if let group = instance.launchedByAutoScaling { bringIntoService(id, group: group) }
        case (.stopping, .stopped):
            instance.state = .stopped
            instances[id] = instance
        case (.shuttingDown, .terminated):
            instance.state = .terminated
            instance.terminatedAt = now
            instances[id] = instance
            releaseResources(of: id)
            timeline.schedule(.instanceForgotten(instanceId: id), at: now.addingTimeInterval(timings.terminatedVisibility.timeInterval))
        default:
            break
        }
    }

    /// On termination: volumes marked delete-on-termination are deleted (their evidence with them),
    /// other volumes and secondary interfaces are detached, the primary interface is deleted.
    mutating func releaseResources(of id: String) {
        guard let instance = instances[id] else { return }
        for volumeId in instance.volumeIds {
            guard var volume = volumes[volumeId] else { continue }
            if volume.attachment?.deleteOnTermination == true {
                volumes[volumeId] = nil
            } else {
                volume.attachment = nil
                volume.state = "available"
                volumes[volumeId] = volume
            }
        }
        for interfaceId in instance.interfaceIds {
            guard var interface = interfaces[interfaceId] else { continue }
            if interface.attachment?.deleteOnTermination == true {
                interfaces[interfaceId] = nil
            } else {
                interface.attachment = nil
                interface.trackedConnections = 0
                interface.untrackedConnections = 0
                interfaces[interfaceId] = interface
            }
        }
        for name in loadBalancers.ids where loadBalancers[name]?.instanceIds.contains(id) == true {
            loadBalancers[name]?.instanceIds.removeAll { $0 == id }
            loadBalancers[name]?.health[id] = nil
        }
        for arn in targetGroups.ids { targetGroups[arn]?.targets.removeAll { $0.id == id } }
    }
}
