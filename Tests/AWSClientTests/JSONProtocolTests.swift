@testable import AWSClient
import Foundation
import Providers
import Testing

@Suite("JSON 1.0 protocol: Step Functions and SQS")
struct JSONProtocolTests {
    static func json(_ text: String, status: Int = 200, headers: [HTTPHeader] = []) -> ScriptedTransport.Step {
        .respond(HTTPResponse(status: status, headers: [HTTPHeader("Content-Type", "application/x-amz-json-1.0")] + headers, body: Data(text.utf8)))
    }

    @Test func aCallIsASignedPostNamingItsTarget() async throws {
        // Given Step Functions answering StartExecution
        let transport = ScriptedTransport([Self.json(#"{"executionArn":"arn:aws:states:eu-west-1:123456789012:execution:irun-x:run-1","startDate":1.7e9}"#)])
        let client = AWSClient.scripted(transport, region: "eu-west-1")
        // When an execution is started
        let arn = try await client.startExecution(stateMachineArn: "arn:aws:states:eu-west-1:123456789012:stateMachine:irun-x", name: "run-1", input: "{}")
        // Then the answer is read, and the request went to the regional endpoint, signed for `states`, with its target
        #expect(arn.hasSuffix(":execution:irun-x:run-1"))
        let request = try #require(await transport.requests.first)
        #expect(request.url.absoluteString == "https://states.eu-west-1.amazonaws.com/")
        #expect(request.headers.first { $0.name == "X-Amz-Target" }?.value == "AWSStepFunctions.StartExecution")
        #expect(request.headers.first { $0.name == "Content-Type" }?.value == "application/x-amz-json-1.0")
        let authorization = try #require(request.headers.first { $0.name == "Authorization" }?.value)
        #expect(authorization.contains("/eu-west-1/states/aws4_request"))
        let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: String])
        #expect(body == ["stateMachineArn": "arn:aws:states:eu-west-1:123456789012:stateMachine:irun-x", "name": "run-1", "input": "{}"])
    }

    @Test func errorsCarryTheCodeOfTheirTypeAndThrottlingIsRetried() async throws {
        // Given a throttled answer, then a missing execution
        let transport = ScriptedTransport([
            Self.json(#"{"__type":"com.amazonaws.swf.base.model#ThrottlingException","message":"slow down"}"#, status: 400),
            Self.json(#"{"__type":"com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist","message":"Execution Does Not Exist: 'arn'"}"#, status: 400),
        ])
        let client = AWSClient.scripted(transport)
        // When the execution is described
        let error = try await #require(throws: AWSError.self) { try await client.describeExecution(arn: "arn") }
        // Then the throttled call was sent again, and the error is the second answer's, by code
        #expect(await transport.requests.count == 2)
        #expect(error.code == AWSError.Code("ExecutionDoesNotExist") && error.message.contains("Does Not Exist"))
    }

    @Test func sqsNamesItsErrorsInAHeader() async throws {
        let transport = ScriptedTransport([Self.json(#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"The specified queue does not exist."}"#, status: 400,
                                                     headers: [HTTPHeader("x-amzn-query-error", "AWS.SimpleQueueService.NonExistentQueue;Sender")])])
        let client = AWSClient.scripted(transport)
        let error = try await #require(throws: AWSError.self) { try await client.queueURL(of: "irun-approvals") }
        #expect(error.code == AWSError.Code("AWS.SimpleQueueService.NonExistentQueue"))
        #expect(await transport.requests.first?.headers.first { $0.name == "X-Amz-Target" }?.value == "AmazonSQS.GetQueueUrl")
    }

    @Test func historyPagesAreReadToTheEndAndTimestampsTakeEitherForm() async throws {
        let transport = ScriptedTransport([
            Self.json(#"{"events":[{"id":1,"previousEventId":0,"timestamp":1764884400.5,"type":"ExecutionStarted","executionStartedEventDetails":{"input":"{}"}}],"nextToken":"t"}"#),
            Self.json(#"{"events":[{"id":2,"previousEventId":1,"timestamp":"2025-12-04T21:40:00.500Z","type":"MapIterationStarted","mapIterationStartedEventDetails":{"name":"fleet","index":3}}]}"#),
        ])
        let client = AWSClient.scripted(transport)
        let events = try await client.executionHistory(arn: "arn")
        #expect(events.map(\.id) == [1, 2])
        #expect(events[0].timestamp.date == Date(timeIntervalSince1970: 1764884400.5))
        #expect(events[1].timestamp.date == Date(timeIntervalSince1970: 1764884400.5))
        #expect(events[1].mapIterationStartedEventDetails?.index == 3)
        let second = try #require(await transport.requests.last)
        #expect((try JSONSerialization.jsonObject(with: second.body) as? [String: Any])?["nextToken"] as? String == "t")
    }
}
