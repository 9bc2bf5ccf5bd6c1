from typing import Any, Optional, Union

from .async_base_client import AsyncBaseClient
from .base_model import UNSET, UnsetType
from .create_group import CreateGroup
from .create_user import CreateUser
from .delete_group import DeleteGroup
from .delete_user import DeleteUser
from .get_group import GetGroup
from .get_user import GetUser
from .group_members import GroupMembers
from .input_types import (
    GroupFilter,
    GroupInput,
    GroupOperationInput,
    GroupOrder,
    UserFilter,
    UserInput,
    UserOperationInput,
    UserOrder,
)
from .list_groups import ListGroups
from .list_users import ListUsers
from .replace_group import ReplaceGroup
from .replace_user import ReplaceUser
from .update_group import UpdateGroup
from .update_user import UpdateUser
from .viewer import Viewer


def gql(q: str) -> str:
    return q


class DirectoryClient(AsyncBaseClient):
    async def get_user(self, id: str, **kwargs: Any) -> GetUser:
        query = gql("""
            query GetUser($id: ID!) {
              user(id: $id) {
                ...UserParts
              }
            }

            fragment MetaParts on Meta {
              resourceType
              created
              lastModified
              version
            }

            fragment UserParts on User {
              id
              userName
              externalId
              displayName
              nickName
              profileUrl
              title
              userType
              preferredLanguage
              locale
              timezone
              active
              name {
                formatted
                familyName
                givenName
                middleName
                honorificPrefix
                honorificSuffix
              }
              emails {
                ...ValueParts
              }
              phoneNumbers {
                ...ValueParts
              }
              ims {
                ...ValueParts
              }
              photos {
                ...ValueParts
              }
              entitlements {
                ...ValueParts
              }
              roles {
                ...ValueParts
              }
              x509Certificates {
                ...ValueParts
              }
              addresses {
                formatted
                streetAddress
                locality
                region
                postalCode
                country
                type
                primary
              }
              enterprise {
                employeeNumber
                costCenter
                organization
                division
                department
                manager {
                  value
                  displayName
                }
              }
              memberOf {
                id
                displayName
              }
              transitiveMemberOf {
                id
                displayName
              }
              customAttributes
              meta {
                ...MetaParts
              }
            }

            fragment ValueParts on AttributeValue {
              value
              type
              primary
              display
            }
            """)
        variables: dict[str, object] = {"id": id}
        response = await self.execute(
            query=query, operation_name="GetUser", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return GetUser.model_validate(data)

    async def list_users(
        self,
        filter_: Union[Optional[UserFilter], UnsetType] = UNSET,
        order_by: Union[Optional[UserOrder], UnsetType] = UNSET,
        first: Union[Optional[int], UnsetType] = UNSET,
        after: Union[Optional[str], UnsetType] = UNSET,
        last: Union[Optional[int], UnsetType] = UNSET,
        before: Union[Optional[str], UnsetType] = UNSET,
        offset: Union[Optional[int], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> ListUsers:
        query = gql("""
            query ListUsers($filter: UserFilter, $orderBy: UserOrder, $first: Int, $after: String, $last: Int, $before: String, $offset: Int) {
              users(
                filter: $filter
                orderBy: $orderBy
                first: $first
                after: $after
                last: $last
                before: $before
                offset: $offset
              ) {
                totalCount
                pageInfo {
                  ...Pages
                }
                nodes {
                  ...UserParts
                }
              }
            }

            fragment MetaParts on Meta {
              resourceType
              created
              lastModified
              version
            }

            fragment Pages on PageInfo {
              hasNextPage
              hasPreviousPage
              startCursor
              endCursor
            }

            fragment UserParts on User {
              id
              userName
              externalId
              displayName
              nickName
              profileUrl
              title
              userType
              preferredLanguage
              locale
              timezone
              active
              name {
                formatted
                familyName
                givenName
                middleName
                honorificPrefix
                honorificSuffix
              }
              emails {
                ...ValueParts
              }
              phoneNumbers {
                ...ValueParts
              }
              ims {
                ...ValueParts
              }
              photos {
                ...ValueParts
              }
              entitlements {
                ...ValueParts
              }
              roles {
                ...ValueParts
              }
              x509Certificates {
                ...ValueParts
              }
              addresses {
                formatted
                streetAddress
                locality
                region
                postalCode
                country
                type
                primary
              }
              enterprise {
                employeeNumber
                costCenter
                organization
                division
                department
                manager {
                  value
                  displayName
                }
              }
              memberOf {
                id
                displayName
              }
              transitiveMemberOf {
                id
                displayName
              }
              customAttributes
              meta {
                ...MetaParts
              }
            }

            fragment ValueParts on AttributeValue {
              value
              type
              primary
              display
            }
            """)
        variables: dict[str, object] = {
            "filter": filter_,
            "orderBy": order_by,
            "first": first,
            "after": after,
            "last": last,
            "before": before,
            "offset": offset,
        }
        response = await self.execute(
            query=query, operation_name="ListUsers", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return ListUsers.model_validate(data)

    async def get_group(
        self,
        id: str,
        with_members: bool,
        members_first: Union[Optional[int], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> GetGroup:
        query = gql("""
            query GetGroup($id: ID!, $withMembers: Boolean!, $membersFirst: Int) {
              group(id: $id) {
                ...GroupParts
                members(first: $membersFirst) @include(if: $withMembers) {
                  ...MemberPage
                }
              }
            }

            fragment GroupParts on Group {
              id
              displayName
              externalId
              customAttributes
              meta {
                ...MetaParts
              }
            }

            fragment MemberPage on MemberConnection {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                __typename
                ... on User {
                  id
                  displayName
                  userName
                }
                ... on Group {
                  id
                  groupName: displayName
                }
              }
            }

            fragment MetaParts on Meta {
              resourceType
              created
              lastModified
              version
            }
            """)
        variables: dict[str, object] = {
            "id": id,
            "withMembers": with_members,
            "membersFirst": members_first,
        }
        response = await self.execute(
            query=query, operation_name="GetGroup", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return GetGroup.model_validate(data)

    async def group_members(
        self,
        id: str,
        first: Union[Optional[int], UnsetType] = UNSET,
        after: Union[Optional[str], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> GroupMembers:
        query = gql("""
            query GroupMembers($id: ID!, $first: Int, $after: String) {
              group(id: $id) {
                members(first: $first, after: $after) {
                  ...MemberPage
                }
              }
            }

            fragment MemberPage on MemberConnection {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                __typename
                ... on User {
                  id
                  displayName
                  userName
                }
                ... on Group {
                  id
                  groupName: displayName
                }
              }
            }
            """)
        variables: dict[str, object] = {"id": id, "first": first, "after": after}
        response = await self.execute(
            query=query, operation_name="GroupMembers", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return GroupMembers.model_validate(data)

    async def list_groups(
        self,
        with_members: bool,
        filter_: Union[Optional[GroupFilter], UnsetType] = UNSET,
        order_by: Union[Optional[GroupOrder], UnsetType] = UNSET,
        first: Union[Optional[int], UnsetType] = UNSET,
        after: Union[Optional[str], UnsetType] = UNSET,
        last: Union[Optional[int], UnsetType] = UNSET,
        before: Union[Optional[str], UnsetType] = UNSET,
        offset: Union[Optional[int], UnsetType] = UNSET,
        members_first: Union[Optional[int], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> ListGroups:
        query = gql("""
            query ListGroups($filter: GroupFilter, $orderBy: GroupOrder, $first: Int, $after: String, $last: Int, $before: String, $offset: Int, $withMembers: Boolean!, $membersFirst: Int) {
              groups(
                filter: $filter
                orderBy: $orderBy
                first: $first
                after: $after
                last: $last
                before: $before
                offset: $offset
              ) {
                totalCount
                pageInfo {
                  ...Pages
                }
                nodes {
                  ...GroupParts
                  members(first: $membersFirst) @include(if: $withMembers) {
                    ...MemberPage
                  }
                }
              }
            }

            fragment GroupParts on Group {
              id
              displayName
              externalId
              customAttributes
              meta {
                ...MetaParts
              }
            }

            fragment MemberPage on MemberConnection {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                __typename
                ... on User {
                  id
                  displayName
                  userName
                }
                ... on Group {
                  id
                  groupName: displayName
                }
              }
            }

            fragment MetaParts on Meta {
              resourceType
              created
              lastModified
              version
            }

            fragment Pages on PageInfo {
              hasNextPage
              hasPreviousPage
              startCursor
              endCursor
            }
            """)
        variables: dict[str, object] = {
            "filter": filter_,
            "orderBy": order_by,
            "first": first,
            "after": after,
            "last": last,
            "before": before,
            "offset": offset,
            "withMembers": with_members,
            "membersFirst": members_first,
        }
        response = await self.execute(
            query=query, operation_name="ListGroups", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return ListGroups.model_validate(data)

    async def create_user(self, input: UserInput, **kwargs: Any) -> CreateUser:
        query = gql("""
            mutation CreateUser($input: UserInput!) {
              createUser(input: $input) {
                __typename
                ... on UserPayload {
                  user {
                    ...UserParts
                  }
                }
                ...Failure
              }
            }

            fragment Failure on Error {
              __typename
              code
              message
            }

            fragment MetaParts on Meta {
              resourceType
              created
              lastModified
              version
            }

            fragment UserParts on User {
              id
              userName
              externalId
              displayName
              nickName
              profileUrl
              title
              userType
              preferredLanguage
              locale
              timezone
              active
              name {
                formatted
                familyName
                givenName
                middleName
                honorificPrefix
                honorificSuffix
              }
              emails {
                ...ValueParts
              }
              phoneNumbers {
                ...ValueParts
              }
              ims {
                ...ValueParts
              }
              photos {
                ...ValueParts
              }
              entitlements {
                ...ValueParts
              }
              roles {
                ...ValueParts
              }
              x509Certificates {
                ...ValueParts
              }
              addresses {
                formatted
                streetAddress
                locality
                region
                postalCode
                country
                type
                primary
              }
              enterprise {
                employeeNumber
                costCenter
                organization
                division
                department
                manager {
                  value
                  displayName
                }
              }
              memberOf {
                id
                displayName
              }
              transitiveMemberOf {
                id
                displayName
              }
              customAttributes
              meta {
                ...MetaParts
              }
            }

            fragment ValueParts on AttributeValue {
              value
              type
              primary
              display
            }
            """)
        variables: dict[str, object] = {"input": input}
        response = await self.execute(
            query=query, operation_name="CreateUser", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return CreateUser.model_validate(data)

    async def replace_user(
        self,
        id: str,
        input: UserInput,
        expected_version: Union[Optional[int], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> ReplaceUser:
        query = gql("""
            mutation ReplaceUser($id: ID!, $input: UserInput!, $expectedVersion: Int) {
              replaceUser(id: $id, input: $input, expectedVersion: $expectedVersion) {
                __typename
                ... on UserPayload {
                  user {
                    ...UserParts
                  }
                }
                ...Failure
              }
            }

            fragment Failure on Error {
              __typename
              code
              message
            }

            fragment MetaParts on Meta {
              resourceType
              created
              lastModified
              version
            }

            fragment UserParts on User {
              id
              userName
              externalId
              displayName
              nickName
              profileUrl
              title
              userType
              preferredLanguage
              locale
              timezone
              active
              name {
                formatted
                familyName
                givenName
                middleName
                honorificPrefix
                honorificSuffix
              }
              emails {
                ...ValueParts
              }
              phoneNumbers {
                ...ValueParts
              }
              ims {
                ...ValueParts
              }
              photos {
                ...ValueParts
              }
              entitlements {
                ...ValueParts
              }
              roles {
                ...ValueParts
              }
              x509Certificates {
                ...ValueParts
              }
              addresses {
                formatted
                streetAddress
                locality
                region
                postalCode
                country
                type
                primary
              }
              enterprise {
                employeeNumber
                costCenter
                organization
                division
                department
                manager {
                  value
                  displayName
                }
              }
              memberOf {
                id
                displayName
              }
              transitiveMemberOf {
                id
                displayName
              }
              customAttributes
              meta {
                ...MetaParts
              }
            }

            fragment ValueParts on AttributeValue {
              value
              type
              primary
              display
            }
            """)
        variables: dict[str, object] = {
            "id": id,
            "input": input,
            "expectedVersion": expected_version,
        }
        response = await self.execute(
            query=query, operation_name="ReplaceUser", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return ReplaceUser.model_validate(data)

    async def update_user(
        self,
        id: str,
        operations: list[UserOperationInput],
        expected_version: Union[Optional[int], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> UpdateUser:
        query = gql("""
            mutation UpdateUser($id: ID!, $operations: [UserOperationInput!]!, $expectedVersion: Int) {
              updateUser(id: $id, operations: $operations, expectedVersion: $expectedVersion) {
                __typename
                ... on UserPayload {
                  user {
                    ...UserParts
                  }
                }
                ...Failure
              }
            }

            fragment Failure on Error {
              __typename
              code
              message
            }

            fragment MetaParts on Meta {
              resourceType
              created
              lastModified
              version
            }

            fragment UserParts on User {
              id
              userName
              externalId
              displayName
              nickName
              profileUrl
              title
              userType
              preferredLanguage
              locale
              timezone
              active
              name {
                formatted
                familyName
                givenName
                middleName
                honorificPrefix
                honorificSuffix
              }
              emails {
                ...ValueParts
              }
              phoneNumbers {
                ...ValueParts
              }
              ims {
                ...ValueParts
              }
              photos {
                ...ValueParts
              }
              entitlements {
                ...ValueParts
              }
              roles {
                ...ValueParts
              }
              x509Certificates {
                ...ValueParts
              }
              addresses {
                formatted
                streetAddress
                locality
                region
                postalCode
                country
                type
                primary
              }
              enterprise {
                employeeNumber
                costCenter
                organization
                division
                department
                manager {
                  value
                  displayName
                }
              }
              memberOf {
                id
                displayName
              }
              transitiveMemberOf {
                id
                displayName
              }
              customAttributes
              meta {
                ...MetaParts
              }
            }

            fragment ValueParts on AttributeValue {
              value
              type
              primary
              display
            }
            """)
        variables: dict[str, object] = {
            "id": id,
            "operations": operations,
            "expectedVersion": expected_version,
        }
        response = await self.execute(
            query=query, operation_name="UpdateUser", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return UpdateUser.model_validate(data)

    async def delete_user(
        self,
        id: str,
        expected_version: Union[Optional[int], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> DeleteUser:
        query = gql("""
            mutation DeleteUser($id: ID!, $expectedVersion: Int) {
              deleteUser(id: $id, expectedVersion: $expectedVersion) {
                __typename
                ...Failure
              }
            }

            fragment Failure on Error {
              __typename
              code
              message
            }
            """)
        variables: dict[str, object] = {"id": id, "expectedVersion": expected_version}
        response = await self.execute(
            query=query, operation_name="DeleteUser", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return DeleteUser.model_validate(data)

    async def create_group(
        self,
        input: GroupInput,
        with_members: bool,
        members_first: Union[Optional[int], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> CreateGroup:
        query = gql("""
            mutation CreateGroup($input: GroupInput!, $withMembers: Boolean!, $membersFirst: Int) {
              createGroup(input: $input) {
                __typename
                ... on GroupPayload {
                  group {
                    ...GroupParts
                    members(first: $membersFirst) @include(if: $withMembers) {
                      ...MemberPage
                    }
                  }
                }
                ...Failure
              }
            }

            fragment Failure on Error {
              __typename
              code
              message
            }

            fragment GroupParts on Group {
              id
              displayName
              externalId
              customAttributes
              meta {
                ...MetaParts
              }
            }

            fragment MemberPage on MemberConnection {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                __typename
                ... on User {
                  id
                  displayName
                  userName
                }
                ... on Group {
                  id
                  groupName: displayName
                }
              }
            }

            fragment MetaParts on Meta {
              resourceType
              created
              lastModified
              version
            }
            """)
        variables: dict[str, object] = {
            "input": input,
            "withMembers": with_members,
            "membersFirst": members_first,
        }
        response = await self.execute(
            query=query, operation_name="CreateGroup", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return CreateGroup.model_validate(data)

    async def replace_group(
        self,
        id: str,
        input: GroupInput,
        with_members: bool,
        expected_version: Union[Optional[int], UnsetType] = UNSET,
        members_first: Union[Optional[int], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> ReplaceGroup:
        query = gql("""
            mutation ReplaceGroup($id: ID!, $input: GroupInput!, $expectedVersion: Int, $withMembers: Boolean!, $membersFirst: Int) {
              replaceGroup(id: $id, input: $input, expectedVersion: $expectedVersion) {
                __typename
                ... on GroupPayload {
                  group {
                    ...GroupParts
                    members(first: $membersFirst) @include(if: $withMembers) {
                      ...MemberPage
                    }
                  }
                }
                ...Failure
              }
            }

            fragment Failure on Error {
              __typename
              code
              message
            }

            fragment GroupParts on Group {
              id
              displayName
              externalId
              customAttributes
              meta {
                ...MetaParts
              }
            }

            fragment MemberPage on MemberConnection {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                __typename
                ... on User {
                  id
                  displayName
                  userName
                }
                ... on Group {
                  id
                  groupName: displayName
                }
              }
            }

            fragment MetaParts on Meta {
              resourceType
              created
              lastModified
              version
            }
            """)
        variables: dict[str, object] = {
            "id": id,
            "input": input,
            "expectedVersion": expected_version,
            "withMembers": with_members,
            "membersFirst": members_first,
        }
        response = await self.execute(
            query=query, operation_name="ReplaceGroup", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return ReplaceGroup.model_validate(data)

    async def update_group(
        self,
        id: str,
        operations: list[GroupOperationInput],
        with_members: bool,
        count_up_to: int,
        expected_version: Union[Optional[int], UnsetType] = UNSET,
        members_first: Union[Optional[int], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> UpdateGroup:
        query = gql("""
            mutation UpdateGroup($id: ID!, $operations: [GroupOperationInput!]!, $expectedVersion: Int, $withMembers: Boolean!, $membersFirst: Int, $countUpTo: Int!) {
              updateGroup(id: $id, operations: $operations, expectedVersion: $expectedVersion) {
                __typename
                ... on GroupPayload {
                  group {
                    ...GroupParts
                    memberCount(upTo: $countUpTo)
                    members(first: $membersFirst) @include(if: $withMembers) {
                      ...MemberPage
                    }
                  }
                }
                ...Failure
              }
            }

            fragment Failure on Error {
              __typename
              code
              message
            }

            fragment GroupParts on Group {
              id
              displayName
              externalId
              customAttributes
              meta {
                ...MetaParts
              }
            }

            fragment MemberPage on MemberConnection {
              pageInfo {
                hasNextPage
                endCursor
              }
              nodes {
                __typename
                ... on User {
                  id
                  displayName
                  userName
                }
                ... on Group {
                  id
                  groupName: displayName
                }
              }
            }

            fragment MetaParts on Meta {
              resourceType
              created
              lastModified
              version
            }
            """)
        variables: dict[str, object] = {
            "id": id,
            "operations": operations,
            "expectedVersion": expected_version,
            "withMembers": with_members,
            "membersFirst": members_first,
            "countUpTo": count_up_to,
        }
        response = await self.execute(
            query=query, operation_name="UpdateGroup", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return UpdateGroup.model_validate(data)

    async def delete_group(
        self,
        id: str,
        expected_version: Union[Optional[int], UnsetType] = UNSET,
        **kwargs: Any,
    ) -> DeleteGroup:
        query = gql("""
            mutation DeleteGroup($id: ID!, $expectedVersion: Int) {
              deleteGroup(id: $id, expectedVersion: $expectedVersion) {
                __typename
                ...Failure
              }
            }

            fragment Failure on Error {
              __typename
              code
              message
            }
            """)
        variables: dict[str, object] = {"id": id, "expectedVersion": expected_version}
        response = await self.execute(
            query=query, operation_name="DeleteGroup", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return DeleteGroup.model_validate(data)

    async def viewer(self, **kwargs: Any) -> Viewer:
        query = gql("""
            query Viewer {
              viewer {
                name
                scopes
              }
            }
            """)
        variables: dict[str, object] = {}
        response = await self.execute(
            query=query, operation_name="Viewer", variables=variables, **kwargs
        )
        data = self.get_data(response)
        return Viewer.model_validate(data)
