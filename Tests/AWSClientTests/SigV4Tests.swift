@testable import AWSClient
import Foundation
import Providers
import Testing

@Suite("SigV4 signing")
struct SigV4Tests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var method: String
        var url: String
        var service: String
        var region: String
        var time: String
        var accessKeyID: String
        var secretAccessKey: String
        var sessionToken: String?
        var headers: [[String]]
        var query: [[String]]
        var body: String
        var canonicalRequest: String
        var stringToSign: String
        var authorization: String
        var signedHeaders: [String: String]
        var testDescription: String { name }
    }

    static let vectors = (try? loadVectors("sigv4-vectors.json", as: Vector.self)) ?? []

    @Test func theGoldenVectorsAreThere() {
        #expect(Self.vectors.count == 6)
    }

    @Test(arguments: vectors)
    func matchesBotocoreByteForByte(_ vector: Vector) throws {
        // Given the request botocore signed, built the same way
        var url = vector.url
        if !vector.query.isEmpty {
            url += "?" + vector.query.map { "\(PercentEncoding.encode($0[0]))=\(PercentEncoding.encode($0[1]))" }.joined(separator: "&")
        }
        var request = HTTPRequest(
            method: vector.method, url: try #require(URL(string: url)), headers: vector.headers.map { HTTPHeader($0[0], $0[1]) },
            body: Data(vector.body.utf8)
        )
        let credentials = AWSCredentials(accessKeyID: vector.accessKeyID, secretAccessKey: vector.secretAccessKey, sessionToken: vector.sessionToken)
        // When it is signed at the same time
        let signature = SigV4Signer(credentials: credentials, region: vector.region, service: vector.service).sign(&request, at: sigV4Date(vector.time))
        // Then every intermediate string and the header are identical
        #expect(signature.canonicalRequest == vector.canonicalRequest)
        #expect(signature.stringToSign == vector.stringToSign)
        #expect(signature.authorization == vector.authorization)
        #expect(request.header("Authorization") == vector.authorization)
        #expect(request.header("X-Amz-Date") == vector.signedHeaders["X-Amz-Date"])
        #expect(request.header("X-Amz-Security-Token") == vector.signedHeaders["X-Amz-Security-Token"])
    }

    /// The worked example of the SigV4 documentation: IAM ListUsers, GET, 2015-08-30 12:36:00 UTC.
    @Test func reproducesTheExampleFromTheAWSDocumentation() throws {
        // Given the documented request and example keys
        var request = HTTPRequest(
            method: "GET", url: try #require(URL(string: "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08")),
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"), HTTPHeader("Host", "iam.amazonaws.com")]
        )
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        // When it is signed for iam in us-east-1
        let signature = SigV4Signer(credentials: credentials, region: "us-east-1", service: "iam").sign(&request, at: sigV4Date("20150830T123600Z"))
        // Then the canonical request, its hash in the string to sign, and the signature are the documented ones
        #expect(signature.canonicalRequest == """
            GET
            /
            Action=ListUsers&Version=2010-05-08
            content-type:application/x-www-form-urlencoded; charset=utf-8
            host:iam.amazonaws.com
            x-amz-date:20150830T123600Z

            content-type;host;x-amz-date
            e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
            """)
        #expect(signature.stringToSign == """
            AWS4-HMAC-SHA256
            20150830T123600Z
            20150830/us-east-1/iam/aws4_request
            f536975d06c0309214f805bb90ccff089219ecd68b2577efef23edd43b7e1a59
            """)
        #expect(signature.signature == "5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
        #expect(signature.authorization == "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7")
    }

    @Test func theClientSignsWhatItSendsWithTheTokenAndTheServiceSigningName() async throws {
        // Given a client with temporary credentials
        let transport = ScriptedTransport([ScriptedTransport.xml("<RegisterTargetsResponse><RegisterTargetsResult/></RegisterTargetsResponse>")])
        let client = AWSClient.scripted(transport, region: "eu-west-1")
        // When it calls ELBv2
        try await client.registerTargets(.init(targetGroupArn: "arn:tg", targets: [.init(id: "i-1")]))
        // Then the request goes to elasticloadbalancing.eu-west-1, signed as elasticloadbalancing, with the token signed
        let request = try #require(await transport.requests.first)
        #expect(request.url.absoluteString == "https://elasticloadbalancing.eu-west-1.amazonaws.com/")
        #expect(request.method == "POST")
        #expect(request.header("X-Amz-Security-Token") == "SESSIONTOKENSECRET")
        let authorization = try #require(request.header("Authorization"))
        #expect(authorization.hasPrefix("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/eu-west-1/elasticloadbalancing/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="))
        // And re-signing the request as sent gives the same signature (nothing changed after signing but User-Agent)
        var copy = request
        let again = SigV4Signer(credentials: testCredentials, region: "eu-west-1", service: "elasticloadbalancing").sign(&copy, at: sigV4Date("20261127T031200Z"))
        #expect(again.authorization == authorization)
        #expect(formParameters(request)["Version"] == "2015-12-01")
    }
}
