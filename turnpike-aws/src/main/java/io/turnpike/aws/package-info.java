/** What Turnpike shares with AWS on the wire: error shapes, identifier formats, and SigV4. */
package io.turnpike.aws;
