"""Party members (党员, including flowing members) and the people of the development pipeline:
one record per person, from 入党申请人 to 正式党员."""

from liangxin.members.models.development import DevelopmentStep
from liangxin.members.models.flowing import FlowCertificate, FlowContact, FlowRegistration
from liangxin.members.models.member import (
    IN_DEVELOPMENT,
    MEMBER_CATEGORIES,
    NOT_YET_MEMBERS,
    Member,
    MemberQuerySet,
    Recruit,
)

__all__ = ["IN_DEVELOPMENT", "MEMBER_CATEGORIES", "NOT_YET_MEMBERS", "DevelopmentStep", "FlowCertificate", "FlowContact",
           "FlowRegistration", "Member", "MemberQuerySet", "Recruit"]
